package io.prognos.core.eval.kpi;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Point-level confusion counts of a binary anomaly classifier: true positives, false positives, false
 * negatives and true negatives, where "positive" means "anomaly" (a label) or "flagged" (a decision).
 *
 * <p>This is the basis of the model-monitoring KPIs: the server counts, over reviewed events, how many
 * flagged events an operator confirmed ({@code tp}) or rejected ({@code fp}), how many labelled anomalies
 * were missed ({@code fn}) and how many quiet events were correctly left alone ({@code tn}). Unlike
 * {@link io.prognos.core.eval.DetectionCounts}, zero denominators are <em>not</em> given a value: every ratio
 * is an {@link OptionalDouble} that is empty when its denominator is 0, so a dashboard shows "no data"
 * instead of a made-up 0 or a NaN. Counts of several periods are combined with {@link #plus(ConfusionMatrix)}
 * and ratios are computed on the sum, never averaged.
 *
 * @param tp flagged and anomalous, {@code >= 0}
 * @param fp flagged but normal, {@code >= 0}
 * @param fn not flagged but anomalous, {@code >= 0}
 * @param tn not flagged and normal, {@code >= 0}
 */
public record ConfusionMatrix(long tp, long fp, long fn, long tn) {

    /** All counts zero; the identity of {@link #plus(ConfusionMatrix)}. */
    public static final ConfusionMatrix ZERO = new ConfusionMatrix(0, 0, 0, 0);

    /** Rejects negative counts. */
    public ConfusionMatrix {
        if (tp < 0 || fp < 0 || fn < 0 || tn < 0) {
            throw new IllegalArgumentException("confusion counts must be >= 0, were tp=" + tp + ", fp=" + fp
                    + ", fn=" + fn + ", tn=" + tn);
        }
    }

    /**
     * Element-wise sum.
     *
     * @throws ArithmeticException if a sum overflows {@code long}
     */
    public ConfusionMatrix plus(ConfusionMatrix other) {
        Objects.requireNonNull(other, "other");
        return new ConfusionMatrix(Math.addExact(tp, other.tp), Math.addExact(fp, other.fp),
                Math.addExact(fn, other.fn), Math.addExact(tn, other.tn));
    }

    /** Returns this matrix with one more event counted: {@code flagged} decision, {@code anomaly} label. */
    public ConfusionMatrix with(boolean flagged, boolean anomaly) {
        if (flagged) {
            return anomaly ? new ConfusionMatrix(Math.addExact(tp, 1), fp, fn, tn)
                    : new ConfusionMatrix(tp, Math.addExact(fp, 1), fn, tn);
        }
        return anomaly ? new ConfusionMatrix(tp, fp, Math.addExact(fn, 1), tn)
                : new ConfusionMatrix(tp, fp, fn, Math.addExact(tn, 1));
    }

    /** All events counted: {@code tp + fp + fn + tn}. */
    public long total() {
        return Math.addExact(Math.addExact(tp, fp), Math.addExact(fn, tn));
    }

    /** Events labelled anomalous: {@code tp + fn}. */
    public long positives() {
        return Math.addExact(tp, fn);
    }

    /** Events labelled normal: {@code fp + tn}. */
    public long negatives() {
        return Math.addExact(fp, tn);
    }

    /** Events flagged: {@code tp + fp}. */
    public long flagged() {
        return Math.addExact(tp, fp);
    }

    /** {@code true} when no event was counted. */
    public boolean isEmpty() {
        return tp == 0 && fp == 0 && fn == 0 && tn == 0;
    }

    /** {@code tp / (tp + fp)}; empty when nothing was flagged. */
    public OptionalDouble precision() {
        return ratio(tp, flagged());
    }

    /** {@code tp / (tp + fn)} (true-positive rate); empty when nothing was labelled anomalous. */
    public OptionalDouble recall() {
        return ratio(tp, positives());
    }

    /**
     * {@code 2 tp / (2 tp + fp + fn)}, the harmonic mean of precision and recall written in counts; empty
     * when {@code tp + fp + fn == 0} (nothing flagged and nothing anomalous). When only one of precision and
     * recall is defined (for example nothing flagged but anomalies missed), this is 0, which is the real
     * outcome: no anomaly was caught.
     */
    public OptionalDouble f1() {
        return ratio(2.0 * tp, 2.0 * tp + fp + fn);
    }

    /** {@code (tp + tn) / total}; empty when nothing was counted. */
    public OptionalDouble accuracy() {
        return ratio((double) tp + tn, (double) total());
    }

    /** {@code fp / (fp + tn)}; empty when nothing was labelled normal. */
    public OptionalDouble falsePositiveRate() {
        return ratio(fp, negatives());
    }

    private static OptionalDouble ratio(double numerator, double denominator) {
        return denominator == 0 ? OptionalDouble.empty() : OptionalDouble.of(numerator / denominator);
    }
}
