package io.prognos.core.detect.threshold;

import io.prognos.core.detect.threshold.SpotConfig.Side;
import org.junit.jupiter.api.Test;

import java.util.SplittableRandom;
import java.util.function.DoubleSupplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class SpotTest {

    private static final double Q = 1e-3;
    /** 10,000 calibration values, t at their 99% quantile, at most 500 peaks. */
    private static final SpotConfig STREAM = new SpotConfig(Q, 0.99, 10_000, 0, 500, Side.UPPER, true);

    private static DoubleSupplier exponential(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        return () -> -Math.log(1 - random.nextDouble());
    }

    private static DoubleSupplier gaussian(long seed) {
        java.util.Random random = new java.util.Random(seed);
        return random::nextGaussian;
    }

    private static double flaggedRate(StreamingThreshold threshold, DoubleSupplier values, int calibration, int n) {
        for (int i = 0; i < calibration; i++) {
            assertThat(threshold.update(values.getAsDouble())).isFalse();
        }
        assertThat(threshold.calibrated()).isTrue();
        long flagged = 0;
        for (int i = 0; i < n; i++) {
            if (threshold.update(values.getAsDouble())) {
                flagged++;
            }
        }
        return flagged / (double) n;
    }

    /**
     * Exp(1) noise, q = 1e-3, 10^6 values after calibration: 1,000 flags expected, Poisson standard
     * deviation 3%. The larger part of the error is the tail fit on at most 500 peaks, extrapolated
     * from the 99% quantile to 1 - 1e-3: the standard error of z_q is about 0.15, e^0.15 = 1.16 in the
     * rate, averaged over many refits along the stream. Tolerance: the rate within [0.75 q, 1.33 q].
     */
    @Test
    void flaggedRateOnExponentialNoiseMatchesTheRisk() {
        Spot spot = new Spot(STREAM);
        double rate = flaggedRate(spot, exponential(1), 10_000, 1_000_000);
        System.out.printf("SPOT Exp(1): q=%.1e flagged rate %.3e, z=%.3f (true %.3f), %s%n", Q, rate,
                spot.threshold(), -Math.log(Q), spot.upperFit());
        assertThat(rate).isBetween(0.75 * Q, 1.33 * Q);
        assertThat(spot.threshold()).isCloseTo(-Math.log(Q), within(0.5));
        assertThat(spot.upperPeaksKept()).isEqualTo(500);
    }

    /**
     * Standard Gaussian noise, both sides, q = 1e-3 per side: 2q expected. The Gaussian tail is only
     * asymptotically GPD (xi -> 0 slowly), so the tolerance is the same factor as above around 2q.
     */
    @Test
    void flaggedRateOnGaussianNoiseMatchesTheRiskOnBothSides() {
        Spot spot = new Spot(STREAM.withSide(Side.BOTH));
        double rate = flaggedRate(spot, gaussian(2), 10_000, 500_000);
        System.out.printf("SPOT N(0,1) both sides: q=%.1e per side, flagged rate %.3e, thresholds %.3f / %.3f (true +-3.090)%n",
                Q, rate, spot.lowerThreshold(), spot.threshold());
        assertThat(rate).isBetween(0.75 * 2 * Q, 1.33 * 2 * Q);
        assertThat(spot.threshold()).isCloseTo(3.090, within(0.25));
        assertThat(spot.lowerThreshold()).isCloseTo(-3.090, within(0.25));
    }

    /**
     * The paper's rule (flagged values teach nothing) on the same kind of stream: z_q sinks and the
     * flagged rate ends far above q; this is why censoring is the default (see {@link Spot}).
     */
    @Test
    void thePapersRuleLetsTheThresholdSinkOnALongStream() {
        Spot spot = new Spot(STREAM.withCensorFlagged(false));
        double rate = flaggedRate(spot, exponential(1), 10_000, 300_000);
        System.out.printf("SPOT Exp(1), paper's rule: q=%.1e flagged rate %.3e, z=%.3f (true %.3f)%n", Q, rate,
                spot.threshold(), -Math.log(Q));
        assertThat(rate).isGreaterThan(1.5 * Q);
        assertThat(spot.threshold()).isLessThan(-Math.log(Q) - 0.5);
    }

    /**
     * A mean drifting by 0.01 standard deviations a value, 200 over 20,000 values: SPOT calibrated on
     * the start flags almost everything once the level has moved past z_q; DSPOT (depth 20) follows the
     * level and flags about q (20 expected: Poisson standard deviation 22%, hence [0.4 q, 2.5 q]).
     */
    @Test
    void dspotFollowsADriftingMeanWhereSpotFlagsEverything() {
        int n = 20_000;
        double slope = 0.01;
        SpotConfig config = new SpotConfig(Q, 0.98, 2_000, 0, 500, Side.UPPER, true);
        Spot spot = new Spot(config);
        Spot dspot = new Spot(config.withDepth(20));
        java.util.Random random = new java.util.Random(4);
        long spotFlags = 0;
        long dspotFlags = 0;
        int calibration = config.initialCount() + 20;
        for (int i = 0; i < calibration + n; i++) {
            double value = slope * i + random.nextGaussian();
            boolean s = spot.update(value);
            boolean d = dspot.update(value);
            if (i >= calibration) {
                spotFlags += s ? 1 : 0;
                dspotFlags += d ? 1 : 0;
            }
        }
        double last = slope * (calibration + n);
        System.out.printf("drift: SPOT flagged %.3f, DSPOT flagged %.2e (q=%.0e), DSPOT threshold %.2f at level %.2f%n",
                spotFlags / (double) n, dspotFlags / (double) n, Q, dspot.threshold(), last);
        assertThat(spotFlags / (double) n).isGreaterThan(0.9);
        assertThat(dspotFlags / (double) n).isBetween(0.4 * Q, 2.5 * Q);
        assertThat(dspot.threshold() - last).isBetween(2.0, 5.0);
    }

    @Test
    void anAnomalyIsFlaggedAndDoesNotRaiseTheBar() {
        DoubleSupplier noise = exponential(6);
        double[] initial = new double[5_000];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = noise.getAsDouble();
        }
        SpotConfig config = SpotConfig.defaults().withRisk(1e-3);
        for (boolean censor : new boolean[]{true, false}) {
            Spot spot = Spot.fit(config.withCensorFlagged(censor), initial);
            double before = spot.threshold();
            for (int i = 0; i < 200; i++) {
                assertThat(spot.update(1e6)).isTrue();
            }
            // censoring lifts z_q by a bounded amount (measured 7.1 -> 9.5: the cap on censored peaks,
            // see Spot); the paper's rule leaves it unchanged
            assertThat(spot.threshold()).isLessThanOrEqualTo(before + (censor ? 3.0 : 0.0));
            assertThat(spot.update(0.1)).isFalse();
        }
    }

    @Test
    void lowerSideMirrorsTheUpperOne() {
        DoubleSupplier noise = exponential(7);
        double[] initial = new double[50_000];
        for (int i = 0; i < initial.length; i++) {
            initial[i] = -noise.getAsDouble();
        }
        Spot spot = Spot.fit(SpotConfig.defaults().withRisk(1e-3).withSide(Side.LOWER).withMaxPeaks(2000), initial);
        assertThat(spot.threshold()).isInfinite();
        assertThat(spot.lowerThreshold()).isCloseTo(Math.log(1e-3), within(0.3));
        assertThat(spot.update(-20)).isTrue();
        assertThat(spot.update(20)).isFalse();
    }

    @Test
    void batchSelectorGivesTheCalibratedThreshold() {
        DoubleSupplier noise = exponential(9);
        double[] scores = new double[100_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = noise.getAsDouble();
        }
        ThresholdSelector selector = Spot.selector(SpotConfig.defaults().withRisk(1e-4).withMaxPeaks(2000));
        // 2,000 peaks over the 98% quantile, extrapolated to 1e-4: standard error about 0.25
        assertThat(selector.select(scores)).isCloseTo(-Math.log(1e-4), within(0.8));
    }

    @Test
    void degenerateCalibrationIsRefusedOrDeferred() {
        double[] constant = new double[2_000];
        java.util.Arrays.fill(constant, 3.0);
        assertThatThrownBy(() -> Spot.fit(SpotConfig.defaults(), constant))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("0 peaks");
        double[] twoValues = new double[2_000];
        for (int i = 0; i < twoValues.length; i++) {
            twoValues[i] = i % 100 == 0 ? 5 : 1;
        }
        assertThatThrownBy(() -> Spot.fit(SpotConfig.defaults(), twoValues))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all equal");

        // streaming: a constant start keeps it calibrating (no flags, infinite thresholds), then it calibrates
        Spot spot = new Spot(SpotConfig.defaults());
        for (int i = 0; i < 5_000; i++) {
            assertThat(spot.update(3.0)).isFalse();
        }
        assertThat(spot.calibrated()).isFalse();
        assertThat(spot.threshold()).isEqualTo(Double.POSITIVE_INFINITY);
        assertThat(spot.lastCalibrationFailure()).contains("peaks");
        DoubleSupplier noise = exponential(10);
        for (int i = 0; i < 1_000; i++) {
            spot.update(noise.getAsDouble());
        }
        assertThat(spot.calibrated()).isTrue();
        assertThat(spot.threshold()).isFinite();
        assertThatThrownBy(() -> spot.update(Double.NaN)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void configIsValidated() {
        SpotConfig d = SpotConfig.defaults();
        assertThatThrownBy(() -> d.withRisk(0.03)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1 - initialLevel");
        assertThatThrownBy(() -> d.withRisk(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withInitial(1.0, 1000)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withInitial(0.98, 100)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected peaks");
        assertThatThrownBy(() -> d.withDepth(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withMaxPeaks(5)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> d.withSide(null)).isInstanceOf(IllegalArgumentException.class);
        assertThat(d.withDepth(10).depth()).isEqualTo(10);
        assertThat(d.censorFlagged()).isTrue();
    }
}
