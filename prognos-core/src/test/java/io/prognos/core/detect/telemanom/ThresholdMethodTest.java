package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.AnomalySequence;
import io.prognos.core.series.IndexRange;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.util.Arrays;
import java.util.List;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** The selectable alarm threshold of the error processing, on generated series with the default config. */
class ThresholdMethodTest {

    private static final TelemanomConfig DEFAULTS = TelemanomConfig.defaults();

    /** AR(1) telemetry (phi 0.9, noise sd 0.3). */
    private static double[] telemetry(Random random, int length) {
        double[] x = new double[length];
        for (int i = 1; i < length; i++) {
            x[i] = 0.9 * x[i - 1] + 0.3 * random.nextGaussian();
        }
        return x;
    }

    /**
     * Predictions off by Gaussian noise of sd 0.3 (mean absolute error 0.24, above the 5 % of the telemetry's
     * 5-95 percentile range, about 0.11, below which the error processing flags nothing whatever the
     * threshold), plus {@code spike} on error indices [from, to).
     */
    private static double[] predictions(Random random, double[] x, int from, int to, double spike) {
        int count = x.length - DEFAULTS.windowLength() - DEFAULTS.predictionSteps();
        double[] p = new double[count];
        for (int t = 0; t < count; t++) {
            p[t] = x[t + DEFAULTS.windowLength()] + 0.3 * random.nextGaussian() + (t >= from && t < to ? spike : 0);
        }
        return p;
    }

    @Test
    void defaultsGiveExactlyThePreviousOutput() {
        Random random = new Random(42);
        double[] x = telemetry(random, 6000);
        int count = x.length - DEFAULTS.windowLength() - DEFAULTS.predictionSteps();
        double[] p = new double[count];
        for (int t = 0; t < count; t++) {
            double burst = t >= 1200 && t < 1215 ? 0.8 : t >= 3000 && t < 3040 ? 1.5 : t >= 4500 && t < 4510 ? -1.0 : 0.0;
            double noise = t >= 5000 && t < 5400 ? 0.01 : 0.1;
            p[t] = x[t + DEFAULTS.windowLength()] + noise * random.nextGaussian() + burst;
        }
        // the expected sequences were printed by the error processing as it was before the threshold became
        // selectable (the telemanom package at the parent commit, on this same series)
        List<AnomalySequence> previous = List.of(
                new AnomalySequence(new IndexRange(1355, 1623), 3.8446663476610485),
                new AnomalySequence(new IndexRange(3190, 3438), 9.516803507574238));

        ErrorAnalysis byDefault = new TelemanomErrorProcessor(DEFAULTS).analyse(x, p);
        TelemanomConfig explicit = DEFAULTS.withThreshold(ThresholdSettings.of(ThresholdMethod.TELEMANOM)
                .withRisk(5e-3).withCalibrationSize(1000).withDepth(20).withBlockSize(10));
        ErrorAnalysis telemanom = new TelemanomErrorProcessor(explicit).analyse(x, p);

        assertThat(DEFAULTS.threshold().method()).isEqualTo(ThresholdMethod.TELEMANOM);
        assertThat(byDefault.windows()).isEqualTo(53);
        assertThat(byDefault.sequences()).containsExactlyElementsOf(previous);
        assertThat(telemanom.sequences()).containsExactlyElementsOf(previous);
        assertThat(telemanom.smoothed()).containsExactly(byDefault.smoothed());
    }

    @ParameterizedTest
    @EnumSource(value = ThresholdMethod.class, names = {"SPOT", "DSPOT", "GEV"})
    void flagsAnInjectedSpikeAndNothingElse(ThresholdMethod method) {
        TelemanomConfig config = DEFAULTS.withThreshold(method);
        for (int seed = 0; seed < 5; seed++) {
            Random random = new Random(seed);
            double[] x = telemetry(random, 10_000);
            ErrorAnalysis analysis = new TelemanomErrorProcessor(config).analyse(x, predictions(random, x, 6000, 6030, 1.0));
            int spikeAt = 6000 + config.windowLength();
            assertThat(analysis.sequences()).as("%s, seed %d", method, seed).hasSize(1);
            assertThat(analysis.sequences().get(0).range().contains(spikeAt)).as("%s, seed %d", method, seed).isTrue();
        }
    }

    /**
     * 20 clean series of 10,000 values. Measured: the smoothed errors reach the raw levels at 0.58 % (SPOT),
     * 1.12 % (DSPOT) and 1.36 % (GEV) of the judged values, well above the risk 1e-3, because the EWMA-smoothed
     * errors are strongly autocorrelated (span 105) while the fits assume independent values; after the
     * error buffer and pruning, SPOT and GEV flag nothing and DSPOT 3 sequences, 0.37 % of the values
     * (Telemanom's own threshold: nothing).
     */
    @ParameterizedTest
    @EnumSource(value = ThresholdMethod.class, names = {"SPOT", "DSPOT", "GEV"})
    void flagsAlmostNothingOnACleanStationarySeries(ThresholdMethod method) {
        TelemanomConfig config = DEFAULTS.withThreshold(method);
        long exceeding = 0;
        long judged = 0;
        long flagged = 0;
        for (int seed = 100; seed < 120; seed++) {
            Random random = new Random(seed);
            double[] x = telemetry(random, 10_000);
            ErrorAnalysis analysis = new TelemanomErrorProcessor(config).analyse(x, predictions(random, x, 0, 0, 0));
            double[] smoothed = analysis.smoothed();
            double[] levels = ExtremeValueLevels.of(config.threshold(), smoothed, config.windowLength());
            for (int i = config.windowLength(); i < levels.length; i++) {
                judged++;
                if (smoothed[i] >= levels[i]) {
                    exceeding++;
                }
            }
            for (AnomalySequence s : analysis.sequences()) {
                flagged += s.end() - s.start() + 1;
            }
        }
        assertThat((double) exceeding / judged).as("share of smoothed errors at or above the level").isBetween(1e-3, 0.02);
        assertThat((double) flagged / judged).as("share of values flagged").isLessThan(0.005);
    }

    @ParameterizedTest
    @EnumSource(value = ThresholdMethod.class, names = {"SPOT", "DSPOT", "GEV"})
    void flagsNothingWhenTheCalibrationCannotBeFitted(ThresholdMethod method) {
        // constant smoothed errors: no peaks over SPOT's initial threshold, block maxima without spread
        double[] smoothed = new double[5000];
        Arrays.fill(smoothed, 0.5);
        smoothed[4000] = 50;
        assertThat(ExtremeValueLevels.of(ThresholdSettings.of(method), smoothed, 250)).containsOnly(Double.POSITIVE_INFINITY);
    }
}
