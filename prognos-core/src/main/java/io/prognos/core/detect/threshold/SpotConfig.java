package io.prognos.core.detect.threshold;

/**
 * Settings of {@link Spot} (SPOT, and DSPOT when {@code depth > 0}; Siffer et al., KDD 2017).
 * Immutable and validated on construction, so a config that reaches a threshold is always usable;
 * {@link #defaults()} gives a general-purpose setting and the {@code with...} methods derive variants.
 *
 * @param risk           q, the probability that one normal value exceeds the alarm threshold z_q, on
 *                       each judged side (0 < q < 1 - initialLevel)
 * @param initialLevel   level of the empirical quantile used as the initial threshold t (0.98 in the
 *                       paper); the values above t are the peaks the GPD is fitted to
 * @param initialCount   n, values used to calibrate before anything is flagged (the streaming
 *                       constructor collects them first); with {@code (1 - initialLevel) n} expected
 *                       peaks of at least {@link #MIN_EXPECTED_PEAKS}
 * @param depth          d, length of the moving average DSPOT subtracts (of the last d normal values);
 *                       0 for plain SPOT on the raw values
 * @param maxPeaks       most peaks kept for the GPD fit (the newest); bounds memory and the cost of
 *                       each refit, which is linear in it. The counts in the quantile formula are
 *                       totals over the whole stream, so the cap only limits the fitting sample
 * @param side           which tails raise an alarm
 * @param censorFlagged  what a flagged value teaches the tail fit. false: nothing, as in the paper
 *                       (it is neither a peak nor counted in n). true (the default): it is kept as a
 *                       censored peak, "exceeded z_q - t", and counted in n and N_t; see {@link Spot}
 *                       for why: dropping the top of the tail biases the fit towards a lighter tail
 *                       and lets z_q sink on long streams
 */
public record SpotConfig(double risk, double initialLevel, int initialCount, int depth, int maxPeaks, Side side,
                         boolean censorFlagged) {

    /** Fewest peaks the initial batch is expected to give. */
    public static final int MIN_EXPECTED_PEAKS = 10;

    /** The tails that raise an alarm. */
    public enum Side {
        /** Values above the upper threshold (the usual case for anomaly scores). */
        UPPER,
        /** Values below the lower threshold. */
        LOWER,
        /** Both, each with risk q (so about 2q of normal values are flagged). */
        BOTH;

        boolean upper() {
            return this != LOWER;
        }

        boolean lower() {
            return this != UPPER;
        }
    }

    public SpotConfig {
        if (!(initialLevel > 0 && initialLevel < 1)) {
            throw new IllegalArgumentException("initialLevel must be in (0, 1), was " + initialLevel);
        }
        if (!(risk > 0 && risk < 1 - initialLevel)) {
            throw new IllegalArgumentException("risk must be in (0, 1 - initialLevel = " + (1 - initialLevel)
                    + "): the alarm level lies beyond the initial threshold; was " + risk);
        }
        if (initialCount < 1 || (1 - initialLevel) * initialCount < MIN_EXPECTED_PEAKS) {
            throw new IllegalArgumentException("initialCount " + initialCount + " at initialLevel " + initialLevel
                    + " gives fewer than " + MIN_EXPECTED_PEAKS + " expected peaks");
        }
        if (depth < 0) {
            throw new IllegalArgumentException("depth must be >= 0, was " + depth);
        }
        if (maxPeaks < MIN_EXPECTED_PEAKS) {
            throw new IllegalArgumentException("maxPeaks must be >= " + MIN_EXPECTED_PEAKS + ", was " + maxPeaks);
        }
        if (side == null) {
            throw new IllegalArgumentException("side must be set");
        }
    }

    /**
     * Risk 1e-4, initial level 0.98, 1,000 calibration values, plain SPOT, at most 1,000 peaks, upper
     * side, flagged values censored.
     */
    public static SpotConfig defaults() {
        return new SpotConfig(1e-4, 0.98, 1000, 0, 1000, Side.UPPER, true);
    }

    public SpotConfig withRisk(double newRisk) {
        return new SpotConfig(newRisk, initialLevel, initialCount, depth, maxPeaks, side, censorFlagged);
    }

    public SpotConfig withInitial(double newLevel, int newCount) {
        return new SpotConfig(risk, newLevel, newCount, depth, maxPeaks, side, censorFlagged);
    }

    /** DSPOT with a moving average of {@code newDepth} values (0: SPOT). */
    public SpotConfig withDepth(int newDepth) {
        return new SpotConfig(risk, initialLevel, initialCount, newDepth, maxPeaks, side, censorFlagged);
    }

    public SpotConfig withMaxPeaks(int newMaxPeaks) {
        return new SpotConfig(risk, initialLevel, initialCount, depth, newMaxPeaks, side, censorFlagged);
    }

    /** false: flagged values teach nothing (the paper's SPOT); true: they are censored peaks. */
    public SpotConfig withCensorFlagged(boolean censor) {
        return new SpotConfig(risk, initialLevel, initialCount, depth, maxPeaks, side, censor);
    }

    public SpotConfig withSide(Side newSide) {
        return new SpotConfig(risk, initialLevel, initialCount, depth, maxPeaks, newSide, censorFlagged);
    }
}
