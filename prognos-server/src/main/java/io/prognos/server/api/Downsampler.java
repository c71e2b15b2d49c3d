package io.prognos.server.api;

import java.util.Arrays;

/**
 * Shrinks a long series for a chart: the range is cut into buckets and each bucket keeps its lowest and
 * highest reading (in time order), so spikes stay visible while months of data become a few thousand
 * points.
 */
public final class Downsampler {

    private Downsampler() {
    }

    /** A series as parallel arrays (NaN for a reading without a value). */
    public record Series(long[] timestamps, double[] values) {
    }

    /** At most about {@code maxPoints} points; the series itself when it is short enough. */
    public static Series minMax(long[] timestamps, double[] values, int maxPoints) {
        int n = timestamps.length;
        if (n <= maxPoints || maxPoints < 4) {
            return new Series(timestamps, values);
        }
        int buckets = maxPoints / 2;
        long[] ts = new long[buckets * 2];
        double[] vs = new double[buckets * 2];
        int k = 0;
        for (int b = 0; b < buckets; b++) {
            int from = (int) ((long) b * n / buckets);
            int to = (int) ((long) (b + 1) * n / buckets);
            int lo = -1;
            int hi = -1;
            for (int i = from; i < to; i++) {
                if (Double.isNaN(values[i])) {
                    continue;
                }
                if (lo < 0 || values[i] < values[lo]) {
                    lo = i;
                }
                if (hi < 0 || values[i] > values[hi]) {
                    hi = i;
                }
            }
            if (lo < 0) {
                ts[k] = timestamps[from];
                vs[k++] = Double.NaN;
                continue;
            }
            int first = Math.min(lo, hi);
            int second = Math.max(lo, hi);
            ts[k] = timestamps[first];
            vs[k++] = values[first];
            if (second != first) {
                ts[k] = timestamps[second];
                vs[k++] = values[second];
            }
        }
        return new Series(Arrays.copyOf(ts, k), Arrays.copyOf(vs, k));
    }
}
