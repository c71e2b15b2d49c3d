package io.prognos.core.features;

/**
 * Median of the last {@code w} values in O(log w) per update with fixed memory: two indexed heaps over the slots of
 * a ring buffer, a max-heap holding the lower half and a min-heap holding the upper half. Each slot knows which heap
 * it is in and where, so when the window is full the oldest value's slot is overwritten in place and sifted, and at
 * most one swap of the two roots restores the order between the halves. Nothing is allocated after construction.
 *
 * <p>The median is the middle value for odd {@code w} and {@code (lower + upper) / 2} of the two middle values for
 * even {@code w}, the same expression the batch computation applies to a sorted copy, so the results are identical.
 */
final class RollingMedian {

    private static final byte LOW = 0;
    private static final byte HIGH = 1;

    private final int w;
    private final double[] vals;
    private final int[] low;
    private final int[] high;
    private final byte[] where;
    private final int[] pos;
    private int lowSize;
    private int highSize;
    private long count;

    RollingMedian(int w) {
        this.w = w;
        vals = new double[w];
        low = new int[w];
        high = new int[w];
        where = new byte[w];
        pos = new int[w];
    }

    int retainedSize() {
        return vals.length + low.length + high.length + where.length + pos.length;
    }

    /** True once {@code w} values have been pushed. */
    boolean full() {
        return count >= w;
    }

    void push(double v) {
        int slot = (int) (count % w);
        count++;
        vals[slot] = v;
        if (count <= w) {
            if (lowSize == 0 || v <= vals[low[0]]) {
                add(LOW, slot);
            } else {
                add(HIGH, slot);
            }
            if (lowSize > highSize + 1) {
                int moved = removeRoot(LOW);
                add(HIGH, moved);
            } else if (highSize > lowSize) {
                int moved = removeRoot(HIGH);
                add(LOW, moved);
            }
            return;
        }
        int p = pos[slot];
        byte h = where[slot];
        siftUp(h, p);
        siftDown(h, pos[slot]);
        if (lowSize > 0 && highSize > 0 && vals[low[0]] > vals[high[0]]) {
            int a = low[0];
            int b = high[0];
            place(LOW, 0, b);
            place(HIGH, 0, a);
            siftDown(LOW, 0);
            siftDown(HIGH, 0);
        }
    }

    /** The median of the values in the window (all pushed values until the window is full). */
    double median() {
        if (lowSize == 0) {
            return Double.NaN;
        }
        if (lowSize > highSize) {
            return vals[low[0]];
        }
        return (vals[low[0]] + vals[high[0]]) / 2;
    }

    private int[] heap(byte h) {
        return h == LOW ? low : high;
    }

    /** Whether slot a belongs nearer the root than slot b in heap h. */
    private boolean before(byte h, int a, int b) {
        return h == LOW ? vals[a] > vals[b] : vals[a] < vals[b];
    }

    private void place(byte h, int i, int slot) {
        heap(h)[i] = slot;
        where[slot] = h;
        pos[slot] = i;
    }

    private void add(byte h, int slot) {
        int i = h == LOW ? lowSize++ : highSize++;
        place(h, i, slot);
        siftUp(h, i);
    }

    private int removeRoot(byte h) {
        int[] heap = heap(h);
        int root = heap[0];
        int last = h == LOW ? --lowSize : --highSize;
        if (last > 0) {
            place(h, 0, heap[last]);
            siftDown(h, 0);
        }
        return root;
    }

    private void siftUp(byte h, int i) {
        int[] heap = heap(h);
        int slot = heap[i];
        while (i > 0) {
            int parent = (i - 1) >> 1;
            if (!before(h, slot, heap[parent])) {
                break;
            }
            place(h, i, heap[parent]);
            i = parent;
        }
        place(h, i, slot);
    }

    private void siftDown(byte h, int i) {
        int[] heap = heap(h);
        int size = h == LOW ? lowSize : highSize;
        int slot = heap[i];
        while (true) {
            int child = 2 * i + 1;
            if (child >= size) {
                break;
            }
            if (child + 1 < size && before(h, heap[child + 1], heap[child])) {
                child++;
            }
            if (!before(h, heap[child], slot)) {
                break;
            }
            place(h, i, heap[child]);
            i = child;
        }
        place(h, i, slot);
    }
}
