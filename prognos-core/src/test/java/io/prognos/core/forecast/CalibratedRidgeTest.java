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

    /** A damped oscillation driven by noise (AR(2), period about 20 steps) around {@code level}, with its own noise. */
    private static double[] oscillation(long seed, int n, double level, double spread) {
        Random random = new Random(seed);
        double[] v = new double[n];
        double a = 0;
        double b = 0;
        for (int t = 0; t < n; t++) {
            double x = 1.8 * Math.cos(2 * Math.PI / 20) * a - 0.81 * b + random.nextGaussian();
            b = a;
            a = x;
            v[t] = level + spread * x;
        }
        return v;
    }

    @Test
    void companionsOfTheSameKindSharpenTheWeights() {
        int better = 0;
        double alone = 0;
        double pooled = 0;
        for (long seed = 1; seed <= 20; seed++) {
            double[] target = oscillation(seed, 800, 40, 2);
            double[][] companions = new double[4][];
            for (int c = 0; c < companions.length; c++) {
                // other channels of the same dynamics, on other scales: each is z-scaled on its own training part
                companions[c] = oscillation(100 * seed + c, 800, 10 * c, 1 + c);
            }
            double a = CalibratedRidge.fit(target, 10, 0.3, 0, "target").validation().mse();
            CalibratedRidge fitted = CalibratedRidge.fit(target, companions, new String[]{"a", "b", "c", "d"}, 10, 0.3, 0,
                    "target");
            double p = fitted.validation().mse();
            better += p < a ? 1 : 0;
            alone += a;
            pooled += p;
            // the calibration and forecasts are the target's: in its units, from its own history
            for (double x : fitted.forecast(Arrays.copyOfRange(target, 0, 700))) {
                assertThat(x).isBetween(20.0, 60.0);
            }
        }
        // measured: 19 of 20, mean validation MSE 76.6 alone and 69.8 with the companions
        assertThat(better).as("seeds where four companions gave a lower validation MSE").isGreaterThanOrEqualTo(16);
        assertThat(pooled).isLessThan(0.95 * alone);
    }

    @Test
    void companionsAreCheckedAndNamed() {
        double[] target = noisyCycle(600);
        assertThatThrownBy(() -> CalibratedRidge.fit(target, new double[][]{new double[599]}, new String[]{"pump.flow"},
                24, 0.2, 0, "pump.temp")).hasMessageContaining("pump.flow").hasMessageContaining("599");
        double[] withNaN = noisyCycle(600);
        withNaN[17] = Double.NaN;
        assertThatThrownBy(() -> CalibratedRidge.fit(target, new double[][]{withNaN}, new String[]{"pump.flow"}, 24, 0.2,
                0, "pump.temp")).hasMessageContaining("pump.flow").hasMessageContaining("row 17");
    }
}
