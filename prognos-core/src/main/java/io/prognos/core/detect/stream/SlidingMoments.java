package io.prognos.core.detect.stream;

/**
 * Mean and standard deviation of the last {@code capacity} values, updated in O(1) per value with
 * Welford's add and remove steps; the sums are recomputed from the ring buffer once per {@code capacity}
 * values so that rounding cannot accumulate (values such as byte counts near 1e9 would otherwise lose
 * the variance).
 */
public final class SlidingMoments {

    private final double[] ring;
    private int size;
    private int next;
    private double mean;
    private double m2;
    private long sinceRecompute;

    /** Moments over a window of {@code capacity >= 2} values. */
    public SlidingMoments(int capacity) {
        if (capacity < 2) {
            throw new IllegalArgumentException("capacity must be at least 2, got " + capacity);
        }
        ring = new double[capacity];
    }

    /** Adds a value, dropping the oldest when the window is full. */
    public void add(double x) {
        if (size == ring.length) {
            double old = ring[next];
            double delta = old - mean;
            mean -= delta / (size - 1);
            m2 -= delta * (old - mean);
            size--;
        }
        ring[next] = x;
        next = (next + 1) % ring.length;
        size++;
        double delta = x - mean;
        mean += delta / size;
        m2 += delta * (x - mean);
        if (++sinceRecompute >= ring.length) {
            recompute();
        }
    }

    private void recompute() {
        sinceRecompute = 0;
        double s = 0;
        for (int i = 0; i < size; i++) {
            s += ring[i];
        }
        double m = s / size;
        double q = 0;
        for (int i = 0; i < size; i++) {
            q += (ring[i] - m) * (ring[i] - m);
        }
        mean = m;
        m2 = q;
    }

    /** Values in the window. */
    public int size() {
        return size;
    }

    public double mean() {
        return mean;
    }

    /** Sample standard deviation (0 with fewer than two values). */
    public double sd() {
        return size < 2 ? 0 : Math.sqrt(Math.max(0, m2) / (size - 1));
    }
}
