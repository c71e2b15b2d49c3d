package io.prognos.core.series;

/**
 * A closed range of sample indices {@code [start, end]}, both ends included. Used for labelled anomaly
 * sequences and detected ones alike, so that evaluation compares like with like.
 */
public record IndexRange(long start, long end) implements Comparable<IndexRange> {

    public IndexRange {
        if (start < 0) {
            throw new IllegalArgumentException("range start must be >= 0, was " + start);
        }
        if (end < start) {
            throw new IllegalArgumentException("range end " + end + " is before its start " + start);
        }
    }

    /** Number of indices covered. */
    public long length() {
        return end - start + 1;
    }

    /** True when the two closed ranges share at least one index. */
    public boolean intersects(IndexRange other) {
        return start <= other.end && other.start <= end;
    }

    public boolean contains(long index) {
        return index >= start && index <= end;
    }

    @Override
    public int compareTo(IndexRange o) {
        int c = Long.compare(start, o.start);
        return c != 0 ? c : Long.compare(end, o.end);
    }

    @Override
    public String toString() {
        return "[" + start + ", " + end + "]";
    }
}
