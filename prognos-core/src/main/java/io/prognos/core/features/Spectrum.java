package io.prognos.core.features;

/**
 * Frequency-domain features of a window of {@code n} points (n a power of two): an in-place iterative radix-2
 * Cooley-Tukey FFT with precomputed twiddles and bit reversal, then the strongest three non-DC components, the
 * power beyond DC, the normalised spectral entropy and the spectral centroid.
 *
 * <p>Written here rather than taken from Hipparchus because the Hipparchus 4 core artifact this module depends on
 * no longer ships {@code org.hipparchus.transform}. Batch and stream both fill {@link #input()} with the window in
 * time order and call {@link #computeInto}, so both get bit-identical spectral features. The arrays are allocated
 * once; nothing is allocated per call.
 *
 * <p>Scaling: for bins 0 &lt; k &lt; n/2 the magnitude is {@code 2|X_k|/n} and for the Nyquist bin {@code |X_k|/n},
 * so a sinusoid of amplitude A exactly on bin k has magnitude A. The power of bin k is {@code mag^2/2} (Nyquist:
 * {@code mag^2}), so the summed power beyond DC equals the population variance of the window (Parseval).
 * When that power is zero (a constant window) the top frequencies, magnitudes, entropy and centroid are all 0.
 * Ties between bins of equal magnitude go to the lower frequency.
 */
final class Spectrum {

    private final int n;
    private final double[] re;
    private final double[] im;
    private final double[] cos;
    private final double[] sin;
    private final int[] reversed;

    Spectrum(int n) {
        if (n < 8 || Integer.bitCount(n) != 1) {
            throw new IllegalArgumentException("FFT size must be a power of two of at least 8, got " + n);
        }
        this.n = n;
        re = new double[n];
        im = new double[n];
        cos = new double[n / 2];
        sin = new double[n / 2];
        for (int k = 0; k < n / 2; k++) {
            double angle = 2 * Math.PI * k / n;
            cos[k] = Math.cos(angle);
            sin[k] = Math.sin(angle);
        }
        reversed = new int[n];
        int bits = Integer.numberOfTrailingZeros(n);
        for (int i = 0; i < n; i++) {
            reversed[i] = Integer.reverse(i) >>> (32 - bits);
        }
    }

    /** The array to fill with the window, oldest point first; overwritten by {@link #computeInto}. */
    double[] input() {
        return re;
    }

    /** Number of array elements this object keeps. */
    int retainedSize() {
        return re.length + im.length + cos.length + sin.length + reversed.length;
    }

    /** Transforms {@link #input()} and writes {@link FeatureSet#SPECTRAL_COLUMNS} features at {@code offset}. */
    void computeInto(double[] out, int offset) {
        java.util.Arrays.fill(im, 0.0);
        for (int i = 0; i < n; i++) {
            int j = reversed[i];
            if (j > i) {
                double t = re[i];
                re[i] = re[j];
                re[j] = t;
            }
        }
        for (int len = 2; len <= n; len <<= 1) {
            int half = len >> 1;
            int step = n / len;
            for (int start = 0; start < n; start += len) {
                for (int j = 0; j < half; j++) {
                    double wr = cos[j * step];
                    double wi = -sin[j * step];
                    int a = start + j;
                    int b = a + half;
                    double vr = re[b] * wr - im[b] * wi;
                    double vi = re[b] * wi + im[b] * wr;
                    re[b] = re[a] - vr;
                    im[b] = im[a] - vi;
                    re[a] += vr;
                    im[a] += vi;
                }
            }
        }
        int bins = n / 2;
        int first = -1;
        int second = -1;
        int third = -1;
        double energy = 0;
        double weighted = 0;
        for (int k = 1; k <= bins; k++) {
            double m = magnitude(k);
            double power = k == bins ? m * m : m * m / 2;
            energy += power;
            weighted += power * k / n;
            if (first < 0 || m > magnitude(first)) {
                third = second;
                second = first;
                first = k;
            } else if (second < 0 || m > magnitude(second)) {
                third = second;
                second = k;
            } else if (third < 0 || m > magnitude(third)) {
                third = k;
            }
        }
        if (energy > 0) {
            double entropy = 0;
            for (int k = 1; k <= bins; k++) {
                double m = magnitude(k);
                double q = (k == bins ? m * m : m * m / 2) / energy;
                if (q > 0) {
                    entropy -= q * Math.log(q);
                }
            }
            int[] top = {first, second, third};
            for (int i = 0; i < 3; i++) {
                out[offset + 2 * i] = (double) top[i] / n;
                out[offset + 2 * i + 1] = magnitude(top[i]);
            }
            out[offset + 6] = energy;
            out[offset + 7] = entropy / Math.log(bins);
            out[offset + 8] = weighted / energy;
        } else {
            java.util.Arrays.fill(out, offset, offset + FeatureSet.SPECTRAL_COLUMNS, 0.0);
        }
    }

    private double magnitude(int k) {
        double abs = Math.sqrt(re[k] * re[k] + im[k] * im[k]);
        return (k == n / 2 ? abs : 2 * abs) / n;
    }
}
