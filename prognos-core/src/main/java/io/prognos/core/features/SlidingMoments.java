package io.prognos.core.features;

/**
 * Mean and sample standard deviation (n - 1) of the last {@code w} values from running sums, in O(1) per update
 * (amortised) with a ring buffer of {@code w} values.
 *
 * <p>To keep the running sums accurate on long streams, they are sums of deviations from a shift {@code K} (the
 * newest value at the last resynchronisation), and every {@code w} pushes they are recomputed from the ring buffer
 * with a fresh shift, so rounding errors cannot accumulate beyond one window. They are also recomputed at once
 * when the spread of the window collapses far below the largest deviation that passed through the sums since the
 * last recomputation (a jump from 0 to 1e6 followed by small noise, say), where subtracting the old large terms would
 * otherwise leave rounding noise bigger than the true variance. Right after a recomputation the largest squared
 * deviation is at most twice the centred sum of squares, so this check cannot fire again until the data change
 * scale. A window whose values are all equal
 * (tracked with a run-length counter) has mean equal to that value and standard deviation exactly 0, the same rule
 * the batch computation applies, so constant stretches give exact zeros rather than rounding noise.
 * The results agree with the batch two-pass formulas to about 1e-13 relative, not bit for bit, since the summation
 * order differs.
 */
final class SlidingMoments {

    private final int w;
    private final double[] ring;
    private int head;
    private int n;
    private long pushes;
    private double shift;
    private double s1;
    private double s2;
    private double last = Double.NaN;
    private long run;
    private double maxTerm;

    /** Recompute when the centred sum of squares falls this far below the largest squared term summed. */
    private static final double COLLAPSE = 1e4;

    SlidingMoments(int w) {
        this.w = w;
        ring = new double[w];
    }

    int retainedSize() {
        return ring.length;
    }

    boolean full() {
        return n == w;
    }

    void push(double v) {
        if (pushes == 0) {
            shift = v;
        }
        if (n == w) {
            double old = ring[head] - shift;
            s1 -= old;
            s2 -= old * old;
        } else {
            n++;
        }
        ring[head] = v;
        head = (head + 1) % w;
        double d = v - shift;
        s1 += d;
        s2 += d * d;
        maxTerm = Math.max(maxTerm, d * d);
        run = pushes > 0 && v == last ? run + 1 : 1;
        last = v;
        pushes++;
        if (pushes % w == 0 || (!constant() && maxTerm > COLLAPSE * (s2 - s1 * s1 / n))) {
            resynchronise();
        }
    }

    private void resynchronise() {
        shift = last;
        s1 = 0;
        s2 = 0;
        maxTerm = 0;
        for (int i = 0; i < n; i++) {
            double d = ring[i] - shift;
            s1 += d;
            s2 += d * d;
            maxTerm = Math.max(maxTerm, d * d);
        }
    }

    private boolean constant() {
        return run >= n;
    }

    double mean() {
        return constant() ? last : shift + s1 / n;
    }

    /** {@code x - mean()}, computed from the shifted sums so a large common level does not cancel it away. */
    double deviation(double x) {
        return constant() ? x - last : (x - shift) - s1 / n;
    }

    double std() {
        if (constant()) {
            return 0.0;
        }
        double var = (s2 - s1 * s1 / n) / (n - 1);
        return Math.sqrt(Math.max(var, 0.0));
    }
}
