package io.prognos.core.eval.nab;

/**
 * One labelled anomaly window of a NAB data file, as row indices (both ends included). NAB labels
 * windows by timestamps; a reader maps them to the rows carrying exactly those timestamps.
 *
 * @param first index of the window's first row
 * @param last  index of the window's last row ({@code >= first})
 */
public record NabWindow(int first, int last) {

    /** Validates the indices. */
    public NabWindow {
        if (first < 0 || last < first) {
            throw new IllegalArgumentException("window rows must satisfy 0 <= first <= last, got [" + first + ", " + last + "]");
        }
    }

    /** Rows in the window. */
    public int width() {
        return last - first + 1;
    }

    /** Whether row {@code i} lies in the window. */
    public boolean contains(int i) {
        return i >= first && i <= last;
    }
}
