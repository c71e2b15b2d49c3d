package io.prognos.core.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * One labelled NAB data file: its name (the key of {@code labels/combined_windows.json}, e.g.
 * {@code realKnownCause/nyc_taxi.csv}), its number of rows and its anomaly windows.
 *
 * @param name    file key
 * @param rows    number of data rows
 * @param windows windows in time order, not overlapping, all inside the file
 */
public record NabFile(String name, int rows, List<NabWindow> windows) {

    /** Validates and copies the windows. */
    public NabFile {
        Objects.requireNonNull(name, "name");
        if (rows <= 0) {
            throw new IllegalArgumentException(name + ": a file needs at least one row, got " + rows);
        }
        windows = List.copyOf(windows);
        int previousLast = -1;
        for (NabWindow w : windows) {
            if (w.first() <= previousLast) {
                throw new IllegalArgumentException(name + ": windows must be in order and not overlap, got " + windows);
            }
            if (w.last() >= rows) {
                throw new IllegalArgumentException(name + ": window " + w + " ends after the last row " + (rows - 1));
            }
            previousLast = w.last();
        }
    }
}
