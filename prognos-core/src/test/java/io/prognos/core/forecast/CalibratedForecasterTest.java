package io.prognos.core.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibratedForecasterTest {

    private static final ForecastShape SHAPE = new ForecastShape(48, 12);

    /** A daily cycle of 24 steps around 50 with noise of standard deviation 1. */
    private static double[] cycle(int n) {
        Random random = new Random(3);
        double[] values = new double[n];
        for (int t = 0; t < n; t++) {
            values[t] = 50 + 10 * Math.sin(2 * Math.PI * t / 24) + random.nextGaussian();
        }
        return values;
    }

    @Test
    void calibratesInTheSignalsUnitsAndRestoresIdentically() {
        double[] values = cycle(1_000);
        ForecastSplit split = ForecastSplit.of(values, 0.2, 0.1, "cycle");
        assertThat(split.fit()).isEqualTo(700);
        assertThat(split.validationEnd()).isEqualTo(900);
        CalibratedForecaster calibrated = CalibratedForecaster.calibrate(new SeasonalNaiveForecaster(SHAPE, 24), split);

        // a seasonal-naive forecast of a noisy cycle errs by the difference of two noises: variance 2
        assertThat(calibrated.validation().mse()).isBetween(1.6, 2.4);
        assertThat(calibrated.test().coverage()).isBetween(0.85, 0.95);
        assertThat(calibrated.forecast(values)[0]).isCloseTo(values[values.length - 24], org.assertj.core.data.Offset.offset(1e-9));

        byte[] bytes = calibrated.toBytes(new byte[] {42});
        CalibratedForecaster restored = CalibratedForecaster.fromBytes(bytes, model -> {
            assertThat(model).containsExactly(42);
            return new SeasonalNaiveForecaster(SHAPE, 24);
        });
        assertThat(restored.forecast(values)).containsExactly(calibrated.forecast(values));
        assertThat(restored.errors().halfWidths(0.9)).containsExactly(calibrated.errors().halfWidths(0.9));
        assertThat(restored.validation()).isEqualTo(calibrated.validation());
        assertThat(restored.test()).isEqualTo(calibrated.test());
        assertThat(restored.describe()).isEqualTo("seasonal-naive forecaster, input 48 steps");
    }

    @Test
    void brokenBytesAndMismatchedModelsAreRefused() {
        double[] values = cycle(1_000);
        byte[] bytes = CalibratedForecaster.calibrate(new SeasonalNaiveForecaster(SHAPE, 24),
                ForecastSplit.of(values, 0.3, 0, "cycle")).toBytes(new byte[] {1, 2, 3});
        assertThatThrownBy(() -> CalibratedForecaster.fromBytes(Arrays.copyOf(bytes, bytes.length - 1),
                b -> new SeasonalNaiveForecaster(SHAPE, 24))).hasMessageContaining("truncated");
        byte[] wrong = bytes.clone();
        wrong[0] = 0;
        assertThatThrownBy(() -> CalibratedForecaster.fromBytes(wrong, b -> new SeasonalNaiveForecaster(SHAPE, 24)))
                .hasMessageContaining("not a calibrated forecaster");
        assertThatThrownBy(() -> CalibratedForecaster.fromBytes(bytes,
                b -> new SeasonalNaiveForecaster(new ForecastShape(48, 6), 24))).hasMessageContaining("forecasts 6 steps");
    }
}
