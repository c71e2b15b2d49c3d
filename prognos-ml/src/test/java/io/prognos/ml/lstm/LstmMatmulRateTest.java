package io.prognos.ml.lstm;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class LstmMatmulRateTest {

    @Test
    void thePapersModelCostsAbout42MegaflopsPerSmapWindow() {
        // 250 steps x 2 x 4 x 80 x ((25 + 80) + (80 + 80)): the figure the issue quotes as "about 42 MFLOP"
        assertThat(LstmMatmulRate.flopsPerWindow(TelemanomConfig.defaults(), 25)).isEqualTo(42_400_000L);
        assertThat(LstmMatmulRate.flopsPerWindow(TelemanomConfig.defaults(), 1)).isEqualTo(250L * 640 * (81 + 160));
    }

    @Test
    void theWindowRateIsTheMeasuredProductRateOverTheCostOfAWindow() {
        LstmMatmulRate.Result result = LstmMatmulRate.measure(TelemanomConfig.defaults(), 25, 1, 0.3);
        assertThat(result.threads()).isEqualTo(1);
        assertThat(result.seconds()).isGreaterThanOrEqualTo(0.3);
        assertThat(result.gflopsPerSecond()).isPositive().isFinite();
        assertThat(result.windowsPerSecond())
                .isCloseTo(result.gflopsPerSecond() * 1e9 / 42_400_000L, within(1e-6 * result.windowsPerSecond()));
    }

    @Test
    void evenAVeryShortMeasurementHasARate() {
        LstmMatmulRate.Result result = LstmMatmulRate.measure(TelemanomConfig.defaults(), 25, 2, 1e-9);
        assertThat(result.windowsPerSecond()).isPositive().isFinite();
    }

    @Test
    void nonsenseArgumentsAreRefused() {
        assertThatThrownBy(() -> LstmMatmulRate.measure(TelemanomConfig.defaults(), 25, 0, 1))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("threads >= 1");
        assertThatThrownBy(() -> LstmMatmulRate.measure(TelemanomConfig.defaults(), 25, 1, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
