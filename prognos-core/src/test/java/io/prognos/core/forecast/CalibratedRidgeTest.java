package io.prognos.core.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CalibratedRidgeTest {

    private static double[] noisyCycle(int n) {
        Random random = new Random(8);
        double[] v = new double[n];
        for (int t = 0; t < n; t++) {
            v[t] = 40 + 5 * Math.sin(2 * Math.PI * t / 24) + 0.5 * random.nextGaussian();
        }
        return v;
    }

    @Test
    void bytesRoundTripGivesIdenticalForecastsAndCalibration() {
        double[] values = noisyCycle(3_000);
        CalibratedRidge fitted = CalibratedRidge.fit(values, 24, 0.2, 0.1, "cycle");

        CalibratedRidge restored = CalibratedRidge.fromBytes(fitted.toBytes());

        double[] recent = Arrays.copyOfRange(values, 2_000, 2_600);
        assertThat(restored.forecast(recent)).containsExactly(fitted.forecast(recent));
        assertThat(restored.errors().halfWidths(0.9)).containsExactly(fitted.errors().halfWidths(0.9));
        assertThat(restored.validation()).isEqualTo(fitted.validation());
        assertThat(restored.test()).isEqualTo(fitted.test());
        assertThat(restored.shape()).isEqualTo(fitted.shape());
    }

    @Test
    void accuracyIsInTheSignalsUnitsAndTheTestPartIsSeparate() {
        CalibratedRidge fitted = CalibratedRidge.fit(noisyCycle(3_000), 24, 0.2, 0.1, "cycle");

        assertThat(Math.sqrt(fitted.validation().mse())).as("noise sd 0.5 in the signal's units").isBetween(0.45, 0.7);
        assertThat(fitted.test()).isNotNull();
        assertThat(fitted.test().coverage()).as("300 test rows: a rough check; CalibrationTest measures it closely")
                .isBetween(0.8, 1.0);
        assertThat(fitted.validation().coverage()).isNaN();
    }

    @Test
    void brokenBytesAreRefused() {
        byte[] bytes = CalibratedRidge.fit(noisyCycle(2_000), 12, 0.2, 0, "cycle").toBytes();
        assertThatThrownBy(() -> CalibratedRidge.fromBytes(Arrays.copyOf(bytes, bytes.length - 9)))
                .hasMessageContaining("truncated");
        byte[] wrong = bytes.clone();
        wrong[0] = 0;
        assertThatThrownBy(() -> CalibratedRidge.fromBytes(wrong)).hasMessageContaining("not a calibrated ridge");
        byte[] huge = bytes.clone();
        huge[8] = 0x7f; // the input length's high byte: 2 billion rows of weights must be refused, not allocated
        assertThatThrownBy(() -> CalibratedRidge.fromBytes(huge)).hasMessageContaining("corrupt")
                .hasMessageContaining("the artifact has " + bytes.length);
    }
}
