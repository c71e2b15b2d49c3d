package io.prognos.core.transform;

import java.util.Arrays;

/**
 * A per-column affine scaling fitted on training data only and applied unchanged to later data, so a
 * model sees the same units at scoring time as in training: {@code scaled = (value - center) / scale}.
 *
 * <ul>
 *   <li>{@link Kind#ZSCORE}: mean and standard deviation;</li>
 *   <li>{@link Kind#MINMAX}: to [-1, 1] by minimum and maximum (Telemanom's scale, whose error guards
 *       assume it);</li>
 *   <li>{@link Kind#ROBUST}: median and interquartile range, unmoved by outliers;</li>
 *   <li>{@link Kind#NONE}: unchanged.</li>
 * </ul>
 * A column that is constant in training gets scale 1, so it maps to 0 instead of dividing by zero.
 */
public record Scaler(Kind kind, double[] center, double[] scale) {

    /** The scaling rule. */
    public enum Kind { ZSCORE, MINMAX, ROBUST, NONE }

    public Scaler {
        if (center.length != scale.length) {
            throw new IllegalArgumentException("center and scale differ in length");
        }
        center = center.clone();
        scale = scale.clone();
        for (int j = 0; j < scale.length; j++) {
            if (!(scale[j] > 0) || !Double.isFinite(center[j]) || !Double.isFinite(scale[j])) {
                throw new IllegalArgumentException("column " + j + ": scale must be positive and finite, center finite; got "
                        + center[j] + " / " + scale[j]);
            }
        }
    }

    /** Fits on {@code rows[sample][column]}, ignoring NaN values. */
    public static Scaler fit(Kind kind, double[][] rows) {
        if (rows.length == 0) {
            throw new IllegalArgumentException("cannot fit a scaler on no rows");
        }
        int width = rows[0].length;
        double[] center = new double[width];
        double[] scale = new double[width];
        for (int j = 0; j < width; j++) {
            int col = j;
            double[] values = Arrays.stream(rows).mapToDouble(r -> r[col]).filter(Double::isFinite).sorted().toArray();
            if (values.length == 0) {
                throw new IllegalArgumentException("column " + j + " has no finite value to fit a scaler on");
            }
            double c;
            double s;
            switch (kind) {
                case ZSCORE -> {
                    c = Arrays.stream(values).average().orElseThrow();
                    double mean = c;
                    s = Math.sqrt(Arrays.stream(values).map(v -> (v - mean) * (v - mean)).sum() / values.length);
                }
                case MINMAX -> {
                    c = (values[0] + values[values.length - 1]) / 2;
                    s = (values[values.length - 1] - values[0]) / 2;
                }
                case ROBUST -> {
                    c = quantile(values, 0.5);
                    s = quantile(values, 0.75) - quantile(values, 0.25);
                }
                default -> {
                    c = 0;
                    s = 1;
                }
            }
            center[j] = c;
            scale[j] = s > 0 && Double.isFinite(s) ? s : 1;
        }
        return new Scaler(kind, center, scale);
    }

    /** A scaled copy of the rows (NaN stays NaN). */
    public double[][] apply(double[][] rows) {
        double[][] out = new double[rows.length][];
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != center.length) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " columns, the scaler was fitted on "
                        + center.length);
            }
            out[i] = new double[center.length];
            for (int j = 0; j < center.length; j++) {
                out[i][j] = (rows[i][j] - center[j]) / scale[j];
            }
        }
        return out;
    }

    /** Back to original units for column {@code column}. */
    public double invert(int column, double scaled) {
        return scaled * scale[column] + center[column];
    }

    private static double quantile(double[] sorted, double q) {
        double pos = q * (sorted.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(sorted.length - 1, lo + 1);
        return sorted[lo] + (pos - lo) * (sorted[hi] - sorted[lo]);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Scaler s && s.kind == kind && Arrays.equals(s.center, center) && Arrays.equals(s.scale, scale);
    }

    @Override
    public int hashCode() {
        return 31 * (31 * kind.hashCode() + Arrays.hashCode(center)) + Arrays.hashCode(scale);
    }

    @Override
    public String toString() {
        return "Scaler[" + kind + ", center=" + Arrays.toString(center) + ", scale=" + Arrays.toString(scale) + "]";
    }
}
