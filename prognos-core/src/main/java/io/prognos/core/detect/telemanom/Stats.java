package io.prognos.core.detect.telemanom;

/** Small numeric helpers with NumPy's conventions (population standard deviation, linear percentiles). */
final class Stats {

    private Stats() {
    }

    static double mean(double[] values, int count) {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            sum += values[i];
        }
        return sum / count;
    }

    static double populationSd(double[] values, int count, double mean) {
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (int i = 0; i < count; i++) {
            double d = values[i] - mean;
            sum += d * d;
        }
        return Math.sqrt(sum / count);
    }

    static double max(double[] values) {
        double m = Double.NEGATIVE_INFINITY;
        for (double v : values) {
            m = Math.max(m, v);
        }
        return m;
    }

    /**
     * Percentile q (0-100) of unsorted values with linear interpolation between ranks (NumPy's default),
     * equal to taking ranks of the sorted values. It selects the two ranks it needs instead of
     * sorting (linear rather than n log n time: live scoring computes it on every pass); {@code scratch} is
     * reordered.
     */
    static double percentileSelect(double[] scratch, double q) {
        if (scratch.length == 0) {
            return Double.NaN;
        }
        double position = q / 100.0 * (scratch.length - 1);
        int lower = (int) Math.floor(position);
        double low = select(scratch, lower);
        double high = low;
        if (lower + 1 < scratch.length) {
            // after selection every value right of rank lower is at least as large: the next rank is their minimum
            high = Double.POSITIVE_INFINITY;
            for (int i = lower + 1; i < scratch.length; i++) {
                if (Double.compare(scratch[i], high) < 0) {
                    high = scratch[i];
                }
            }
        }
        double fraction = position - lower;
        return low + (high - low) * fraction;
    }

    /**
     * The value of rank {@code k} (0-based) in {@link Double#compare} order, by quickselect; afterwards the
     * values left of {@code k} are not larger and those right of it not smaller.
     */
    static double select(double[] a, int k) {
        int left = 0;
        int right = a.length - 1;
        while (right > left) {
            int mid = (left + right) >>> 1;
            double pivot = median(a[left], a[mid], a[right]);
            // three-way partition, so that runs of equal values (a stuck sensor) stay linear:
            // [left, lt) < pivot, [lt, i) == pivot, (gt, right] > pivot
            int lt = left;
            int gt = right;
            int i = left;
            while (i <= gt) {
                int c = Double.compare(a[i], pivot);
                if (c < 0) {
                    swap(a, lt++, i++);
                } else if (c > 0) {
                    swap(a, i, gt--);
                } else {
                    i++;
                }
            }
            if (k < lt) {
                right = lt - 1;
            } else if (k > gt) {
                left = gt + 1;
            } else {
                return pivot;
            }
        }
        return a[k];
    }

    private static double median(double x, double y, double z) {
        if (Double.compare(x, y) > 0) {
            double t = x;
            x = y;
            y = t;
        }
        if (Double.compare(y, z) > 0) {
            y = z;
        }
        return Double.compare(x, y) > 0 ? x : y;
    }

    private static void swap(double[] a, int i, int j) {
        double t = a[i];
        a[i] = a[j];
        a[j] = t;
    }

    /**
     * Exponentially weighted moving average with span s, as pandas' {@code ewm(span=s).mean()} with its
     * default {@code adjust=True}: each value is the weighted mean of all values so far with weights
     * (1 - a)^age, a = 2 / (s + 1).
     */
    static double[] ewma(double[] values, int span) {
        double decay = 1.0 - 2.0 / (span + 1.0);
        double[] out = new double[values.length];
        double numerator = 0;
        double denominator = 0;
        for (int i = 0; i < values.length; i++) {
            numerator = values[i] + decay * numerator;
            denominator = 1.0 + decay * denominator;
            out[i] = numerator / denominator;
        }
        return out;
    }
}
