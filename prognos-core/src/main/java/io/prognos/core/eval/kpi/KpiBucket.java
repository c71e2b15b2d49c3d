package io.prognos.core.eval.kpi;

import java.time.Instant;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The detection KPIs of one time bucket {@code [startMillis, endMillis)} of a {@link KpiSeries}: the
 * confusion matrix of the events in it, the ratios derived from it, and the ROC AUC of their scores.
 *
 * <p>A bucket without events is kept in the series so that a chart shows a gap rather than skipping the
 * period or drawing zeros: its counts are all 0, {@link #isEmpty()} is {@code true}, and every ratio and the
 * AUC are empty. Ratios are likewise empty whenever their own denominator is 0; the AUC is present only when
 * the bucket holds at least one anomalous and one normal event.
 *
 * @param startMillis epoch milliseconds of the bucket's start, inclusive
 * @param endMillis   epoch milliseconds of the bucket's end, exclusive
 * @param confusion   the counts of the bucket's events ({@link ConfusionMatrix#ZERO} when it has none)
 * @param auc         ROC AUC of the bucket's scores, empty unless both classes occur
 */
public record KpiBucket(long startMillis, long endMillis, ConfusionMatrix confusion, OptionalDouble auc) {

    /** Validates the interval and the presence of the components. */
    public KpiBucket {
        if (endMillis <= startMillis) {
            throw new IllegalArgumentException(
                    "bucket end must be after its start, were " + startMillis + " and " + endMillis);
        }
        Objects.requireNonNull(confusion, "confusion");
        Objects.requireNonNull(auc, "auc");
    }

    /** The bucket's start as an instant. */
    public Instant start() {
        return Instant.ofEpochMilli(startMillis);
    }

    /** Number of events in the bucket. */
    public long eventCount() {
        return confusion.total();
    }

    /** {@code true} when no event fell into the bucket. */
    public boolean isEmpty() {
        return confusion.isEmpty();
    }

    /** Precision of the bucket's events; see {@link ConfusionMatrix#precision()}. */
    public OptionalDouble precision() {
        return confusion.precision();
    }

    /** Recall of the bucket's events; see {@link ConfusionMatrix#recall()}. */
    public OptionalDouble recall() {
        return confusion.recall();
    }

    /** F1 of the bucket's events; see {@link ConfusionMatrix#f1()}. */
    public OptionalDouble f1() {
        return confusion.f1();
    }
}
