package io.prognos.core.drift;

import java.util.Arrays;

/**
 * Bins cut at the reference sample's quantiles, shared by the chi-square test, the PSI and the
 * Jensen-Shannon divergence so the three see the same histogram.
 *
 * <p>With {@code k} requested bins the interior edges are the reference's 1/k, 2/k, ... (k-1)/k quantiles, so
 * each bin holds about the same share of the reference (equal-frequency bins adapt to any scale and skew).
 * Two open bins are added for values below the reference minimum and above its maximum: the reference has
 * nothing there, but a current sample that left the reference's range shows up in them, which lets two disjoint
 * samples reach the full Jensen-Shannon divergence of 1. Repeated quantiles (ties in the reference) are merged,
 * so a reference with many equal values gets fewer interior bins. Bin {@code 0} is "below", the last bin is
 * "above"; a value equal to an interior edge goes to the bin above that edge, the reference maximum to the
 * last interior bin.
 */
public final class ReferenceBins {

    private final double min;
    private final double max;
    private final double[] edges;

    private ReferenceBins(double min, double max, double[] edges) {
        this.min = min;
        this.max = max;
        this.edges = edges;
    }

    /** Cuts {@code bins} equal-frequency bins from the reference (at least 2 bins and 2 values). */
    public static ReferenceBins fromReference(double[] reference, int bins) {
        Samples.check("reference", reference, 2);
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, was " + bins);
        }
        double[] sorted = Samples.sorted(reference);
        double lo = sorted[0];
        double hi = sorted[sorted.length - 1];
        double[] interior = new double[bins - 1];
        int count = 0;
        for (int j = 1; j < bins; j++) {
            double q = Samples.quantile(sorted, j / (double) bins);
            // keep only edges strictly inside (min, max] and strictly increasing
            if (q > lo && q <= hi && (count == 0 || q > interior[count - 1])) {
                interior[count++] = q;
            }
        }
        return new ReferenceBins(lo, hi, Arrays.copyOf(interior, count));
    }

    /** The number of bins, including the two open ones outside the reference's range. */
    public int size() {
        return edges.length + 3;
    }

    /** The bin of one value. */
    public int binOf(double value) {
        if (value < min) {
            return 0;
        }
        if (value > max) {
            return size() - 1;
        }
        // number of interior edges <= value
        int idx = Arrays.binarySearch(edges, value);
        int atOrBelow;
        if (idx >= 0) {
            while (idx + 1 < edges.length && edges[idx + 1] == value) {
                idx++;
            }
            atOrBelow = idx + 1;
        } else {
            atOrBelow = -idx - 1;
        }
        return Math.min(1 + atOrBelow, size() - 2);
    }

    /** Counts of the sample's values per bin. */
    public long[] counts(double[] sample) {
        long[] counts = new long[size()];
        for (double v : sample) {
            counts[binOf(v)]++;
        }
        return counts;
    }

    /** Shares of the sample's values per bin (summing to 1). */
    public double[] shares(double[] sample) {
        long[] counts = counts(sample);
        double[] shares = new double[counts.length];
        for (int i = 0; i < counts.length; i++) {
            shares[i] = counts[i] / (double) sample.length;
        }
        return shares;
    }
}
