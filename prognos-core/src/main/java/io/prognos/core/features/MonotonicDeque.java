package io.prognos.core.features;

/**
 * Sliding minimum or maximum of the last {@code w} values in amortised O(1): a deque of (sequence, value) pairs in
 * a circular array of capacity {@code w}, kept monotonic so its front is the extreme of the window. A newer value
 * that is at least as extreme removes older ones from the back (so of equal values the newest is kept, as the batch
 * scan with {@code <=} / {@code >=} does); values that left the window are dropped from the front.
 */
public final class MonotonicDeque {

    private final boolean minimum;
    private final int w;
    private final long[] seqs;
    private final double[] vals;
    private int head;
    private int size;

    /**
     * @param w       window length, at least 1
     * @param minimum true for the sliding minimum, false for the maximum
     */
    public MonotonicDeque(int w, boolean minimum) {
        if (w < 1) {
            throw new IllegalArgumentException("window must be at least 1 value, got " + w);
        }
        this.w = w;
        this.minimum = minimum;
        seqs = new long[w];
        vals = new double[w];
    }

    int retainedSize() {
        return seqs.length + vals.length;
    }

    /** Adds value number {@code seq} (0, 1, 2, ... in order) and forgets values older than the window. */
    public void push(long seq, double v) {
        while (size > 0 && seqs[head] <= seq - w) {
            head = (head + 1) % w;
            size--;
        }
        while (size > 0) {
            int back = (head + size - 1) % w;
            boolean dominated = minimum ? vals[back] >= v : vals[back] <= v;
            if (!dominated) {
                break;
            }
            size--;
        }
        int tail = (head + size) % w;
        seqs[tail] = seq;
        vals[tail] = v;
        size++;
    }

    /** The minimum (or maximum) of the window. */
    public double extreme() {
        return size == 0 ? Double.NaN : vals[head];
    }
}
