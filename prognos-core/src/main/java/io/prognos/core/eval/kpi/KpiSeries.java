package io.prognos.core.eval.kpi;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Detection KPIs over time: reviewed events grouped into fixed-width buckets (for example one day or one
 * week), each with its confusion matrix, precision, recall, F1 and ROC AUC ({@link KpiBucket}), so that a
 * dashboard can plot how a model's realised quality evolves.
 *
 * <p>Buckets are aligned to an origin, by default the epoch (1970-01-01T00:00Z): bucket {@code k} covers
 * {@code [origin + k·width, origin + (k+1)·width)}, so an event exactly on a boundary belongs to the later
 * bucket. With the default origin, daily buckets start at midnight UTC and weekly ones on Thursdays at
 * midnight UTC (the epoch was a Thursday); pass {@code origin = 4 days} for weeks starting on Monday.
 *
 * <p>The series is contiguous: every bucket from the first to the last is reported, buckets without events
 * included (as empty, see {@link KpiBucket}). Without an explicit range it runs from the earliest event's
 * bucket to the latest's. With a range {@code [fromMillis, toMillis)} it holds every bucket overlapping that
 * range, and an event is counted when its bucket is one of them; the others are counted in
 * {@link #outOfRange()} and otherwise ignored.
 *
 * @param bucketWidthMillis the bucket width in milliseconds, {@code > 0}
 * @param buckets           the buckets in time order, contiguous; unmodifiable
 * @param outOfRange        events that fell outside the reported buckets
 */
public record KpiSeries(long bucketWidthMillis, List<KpiBucket> buckets, long outOfRange) {

    /** The most buckets one series may hold, to keep a mistaken width or range from exhausting memory. */
    public static final int MAX_BUCKETS = 100_000;

    /** Copies the bucket list and checks the counts. */
    public KpiSeries {
        if (bucketWidthMillis <= 0) {
            throw new IllegalArgumentException("bucket width must be > 0 ms, was " + bucketWidthMillis);
        }
        buckets = List.copyOf(buckets);
        if (outOfRange < 0) {
            throw new IllegalArgumentException("outOfRange must be >= 0, was " + outOfRange);
        }
    }

    /**
     * The series from the earliest event's bucket to the latest's, aligned to the epoch; no buckets when
     * there are no events.
     */
    public static KpiSeries of(Collection<LabelledEvent> events, Duration bucketWidth) {
        Objects.requireNonNull(events, "events");
        long width = widthMillis(bucketWidth);
        if (events.isEmpty()) {
            return new KpiSeries(width, List.of(), 0);
        }
        long min = Long.MAX_VALUE;
        long max = Long.MIN_VALUE;
        for (LabelledEvent e : events) {
            Objects.requireNonNull(e, "event");
            min = Math.min(min, e.timestampMillis());
            max = Math.max(max, e.timestampMillis());
        }
        return build(events, width, 0L, Math.floorDiv(min, width), Math.floorDiv(max, width));
    }

    /** The buckets overlapping {@code [fromMillis, toMillis)}, aligned to the epoch. */
    public static KpiSeries of(Collection<LabelledEvent> events, Duration bucketWidth, long fromMillis,
            long toMillis) {
        return of(events, bucketWidth, fromMillis, toMillis, 0L);
    }

    /**
     * The buckets overlapping {@code [fromMillis, toMillis)}, aligned to {@code originMillis}.
     *
     * @throws IllegalArgumentException if the width is not positive, the range is empty, or it would need
     *                                  more than {@link #MAX_BUCKETS} buckets
     */
    public static KpiSeries of(Collection<LabelledEvent> events, Duration bucketWidth, long fromMillis,
            long toMillis, long originMillis) {
        Objects.requireNonNull(events, "events");
        long width = widthMillis(bucketWidth);
        if (toMillis <= fromMillis) {
            throw new IllegalArgumentException(
                    "range end must be after its start, were from=" + fromMillis + " and to=" + toMillis);
        }
        long first = Math.floorDiv(Math.subtractExact(fromMillis, originMillis), width);
        long last = Math.floorDiv(Math.subtractExact(toMillis - 1, originMillis), width);
        return build(events, width, originMillis, first, last);
    }

    private static long widthMillis(Duration bucketWidth) {
        Objects.requireNonNull(bucketWidth, "bucketWidth");
        if (bucketWidth.isNegative() || bucketWidth.isZero()) {
            throw new IllegalArgumentException("bucket width must be positive, was " + bucketWidth);
        }
        long millis = bucketWidth.toMillis();
        if (millis == 0) {
            throw new IllegalArgumentException("bucket width must be at least 1 ms, was " + bucketWidth);
        }
        return millis;
    }

    private static KpiSeries build(Collection<LabelledEvent> events, long width, long origin, long first,
            long last) {
        long count = Math.addExact(Math.subtractExact(last, first), 1);
        if (count > MAX_BUCKETS) {
            throw new IllegalArgumentException("the range needs " + count + " buckets of " + width
                    + " ms, more than the " + MAX_BUCKETS + " allowed; use wider buckets or a shorter range");
        }
        int n = (int) count;
        ConfusionMatrix[] matrices = new ConfusionMatrix[n];
        Arrays.fill(matrices, ConfusionMatrix.ZERO);
        List<List<LabelledEvent>> members = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            members.add(new ArrayList<>());
        }
        long outside = 0;
        for (LabelledEvent e : events) {
            Objects.requireNonNull(e, "event");
            long index = Math.floorDiv(Math.subtractExact(e.timestampMillis(), origin), width) - first;
            if (index < 0 || index >= n) {
                outside++;
                continue;
            }
            int k = (int) index;
            matrices[k] = matrices[k].with(e.flagged(), e.anomaly());
            members.get(k).add(e);
        }
        List<KpiBucket> buckets = new ArrayList<>(n);
        for (int k = 0; k < n; k++) {
            long start = Math.addExact(origin, Math.multiplyExact(first + k, width));
            long end = Math.addExact(start, width);
            buckets.add(new KpiBucket(start, end, matrices[k], auc(matrices[k], members.get(k))));
        }
        return new KpiSeries(width, buckets, outside);
    }

    private static OptionalDouble auc(ConfusionMatrix m, List<LabelledEvent> events) {
        if (m.positives() == 0 || m.negatives() == 0) {
            return OptionalDouble.empty();
        }
        double[] scores = new double[events.size()];
        boolean[] labels = new boolean[events.size()];
        for (int k = 0; k < scores.length; k++) {
            scores[k] = events.get(k).score();
            labels[k] = events.get(k).anomaly();
        }
        return OptionalDouble.of(RocCurve.of(scores, labels).auc());
    }

    /** The counts of all reported buckets together (out-of-range events excluded). */
    public ConfusionMatrix total() {
        ConfusionMatrix sum = ConfusionMatrix.ZERO;
        for (KpiBucket b : buckets) {
            sum = sum.plus(b.confusion());
        }
        return sum;
    }
}
