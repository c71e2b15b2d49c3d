package io.prognos.core.series;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * A block of equally shaped observations: {@code rows[i][j]} is column {@code j} at sample {@code i}.
 * Timestamps (epoch milliseconds, strictly increasing) are present when the source had them and
 * {@code null} when samples are only ordered by index (as in NumPy arrays).
 *
 * <p>The arrays are not copied: a frame is a view handed from a reader to its consumer, who must not
 * modify it.
 */
public record TimeSeriesFrame(String source, List<String> columns, long[] timestamps, double[][] rows) {

    public TimeSeriesFrame {
        Objects.requireNonNull(source, "source");
        columns = List.copyOf(columns);
        Objects.requireNonNull(rows, "rows");
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != columns.size()) {
                throw new IllegalArgumentException(source + ": row " + i + " has " + rows[i].length
                        + " values but there are " + columns.size() + " columns");
            }
        }
        if (timestamps != null && timestamps.length != rows.length) {
            throw new IllegalArgumentException(source + ": " + timestamps.length + " timestamps for "
                    + rows.length + " rows");
        }
    }

    public int length() {
        return rows.length;
    }

    public int width() {
        return columns.size();
    }

    public boolean hasTimestamps() {
        return timestamps != null;
    }

    /** Index of the named column; throws naming the available columns when absent. */
    public int columnIndex(String name) {
        int i = columns.indexOf(name);
        if (i < 0) {
            throw new IllegalArgumentException(source + ": no column '" + name + "'; columns are " + columns);
        }
        return i;
    }

    /** A copy of one column as a plain array. */
    public double[] column(int index) {
        double[] out = new double[rows.length];
        for (int i = 0; i < rows.length; i++) {
            out[i] = rows[i][index];
        }
        return out;
    }

    /** A frame over rows {@code [from, to)} sharing this frame's row arrays. */
    public TimeSeriesFrame slice(int from, int to) {
        return new TimeSeriesFrame(source, columns,
                timestamps == null ? null : Arrays.copyOfRange(timestamps, from, to),
                Arrays.copyOfRange(rows, from, to));
    }
}
