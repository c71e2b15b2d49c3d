package io.prognos.core.transform;

/**
 * Fills missing values (NaN) by linear interpolation between the nearest known neighbours when the
 * run of missing values is at most {@code maxRun} long; longer runs, and runs at either end, are left
 * missing. Every filled position is reported, so imputed points stay distinguishable from measured
 * ones.
 */
public final class GapFiller {

    private final int maxRun;

    public GapFiller(int maxRun) {
        if (maxRun < 0) {
            throw new IllegalArgumentException("maxRun must be >= 0, got " + maxRun);
        }
        this.maxRun = maxRun;
    }

    /** The filled values and which positions were imputed. */
    public record Filled(double[] values, boolean[] imputed, int imputedCount, int stillMissing) {
    }

    public Filled fill(double[] values) {
        double[] out = values.clone();
        boolean[] imputed = new boolean[values.length];
        int count = 0;
        int i = 0;
        while (i < out.length) {
            if (!Double.isNaN(out[i])) {
                i++;
                continue;
            }
            int start = i;
            while (i < out.length && Double.isNaN(out[i])) {
                i++;
            }
            int run = i - start;
            if (start > 0 && i < out.length && run <= maxRun) {
                double left = out[start - 1];
                double right = out[i];
                for (int k = start; k < i; k++) {
                    out[k] = left + (right - left) * (k - start + 1) / (run + 1);
                    imputed[k] = true;
                }
                count += run;
            }
        }
        int missing = 0;
        for (double v : out) {
            if (Double.isNaN(v)) {
                missing++;
            }
        }
        return new Filled(out, imputed, count, missing);
    }
}
