package io.prognos.core.eval;

import java.util.Collection;
import java.util.Objects;

/**
 * Event-level confusion counts of an anomaly detector: true positives, false positives and false
 * negatives (there is no meaningful true-negative count for sequence-level evaluation).
 *
 * <p>Counts from several channels or label rows are combined with {@link #plus(DetectionCounts)} or
 * {@link #sum(Collection)}, and precision, recall and F-scores of a total are always computed from the
 * <em>summed</em> {@code tp}, {@code fp} and {@code fn}; per-channel ratios are never averaged. This is
 * how both Hundman et al. (2018) and the Orion benchmark report their totals, and it keeps a channel with
 * a single labelled anomaly from weighing as much as one with ten.
 *
 * <p>Zero denominators are defined rather than left as NaN, so that totals can always be printed,
 * compared and exported:
 * <ul>
 *   <li>{@link #precision()} is {@code 0} when {@code tp + fp == 0} (nothing was detected);</li>
 *   <li>{@link #recall()} is {@code 0} when {@code tp + fn == 0} (nothing was labelled);</li>
 *   <li>{@link #fBeta(double)} is {@code 0} when {@code precision + recall == 0}.</li>
 * </ul>
 * Note the consequence: a detector that (correctly) reports nothing on a signal with no labels scores
 * 0 on every ratio of that signal. Per-signal ratios are therefore only informative when the signal has
 * labels or detections; totals over a benchmark are unaffected.
 *
 * @param tp true positives, {@code >= 0}
 * @param fp false positives, {@code >= 0}
 * @param fn false negatives, {@code >= 0}
 */
public record DetectionCounts(long tp, long fp, long fn) {

    /** All counts zero; the identity of {@link #plus(DetectionCounts)}. */
    public static final DetectionCounts ZERO = new DetectionCounts(0, 0, 0);

    /** Rejects negative counts. */
    public DetectionCounts {
        if (tp < 0 || fp < 0 || fn < 0) {
            throw new IllegalArgumentException(
                    "counts must be >= 0, were tp=" + tp + ", fp=" + fp + ", fn=" + fn);
        }
    }

    /**
     * Element-wise sum of the counts.
     *
     * @throws ArithmeticException if a sum overflows {@code long}
     */
    public DetectionCounts plus(DetectionCounts other) {
        Objects.requireNonNull(other, "other");
        return new DetectionCounts(
                Math.addExact(tp, other.tp), Math.addExact(fp, other.fp), Math.addExact(fn, other.fn));
    }

    /**
     * Sums the counts of many channels, rows or signals; {@link #ZERO} for an empty collection.
     * Compute ratios on the result, never average the ratios of the parts.
     */
    public static DetectionCounts sum(Collection<DetectionCounts> counts) {
        Objects.requireNonNull(counts, "counts");
        DetectionCounts total = ZERO;
        for (DetectionCounts c : counts) {
            total = total.plus(Objects.requireNonNull(c, "counts element"));
        }
        return total;
    }

    /** {@code tp / (tp + fp)}, or {@code 0} when {@code tp + fp == 0}. */
    public double precision() {
        return tp + fp == 0 ? 0.0 : tp / ((double) tp + (double) fp);
    }

    /** {@code tp / (tp + fn)}, or {@code 0} when {@code tp + fn == 0}. */
    public double recall() {
        return tp + fn == 0 ? 0.0 : tp / ((double) tp + (double) fn);
    }

    /**
     * The F-beta score {@code (1 + b²)·P·R / (b²·P + R)} of {@link #precision()} P and {@link #recall()} R;
     * {@code 0} when {@code P + R == 0}. A {@code beta} below 1 weighs precision more, above 1 recall more.
     *
     * @param beta a finite weight {@code > 0}
     * @throws IllegalArgumentException if {@code beta} is not finite and positive
     */
    public double fBeta(double beta) {
        if (!(beta > 0.0) || Double.isInfinite(beta)) {
            throw new IllegalArgumentException("beta must be finite and > 0, was " + beta);
        }
        double p = precision();
        double r = recall();
        if (p + r == 0.0) {
            return 0.0;
        }
        double b2 = beta * beta;
        return (1.0 + b2) * p * r / (b2 * p + r);
    }

    /** The F1 score, the harmonic mean of precision and recall; see {@link #fBeta(double)}. */
    public double f1() {
        return fBeta(1.0);
    }

    /** The F0.5 score, which favours precision; see {@link #fBeta(double)}. */
    public double f05() {
        return fBeta(0.5);
    }
}
