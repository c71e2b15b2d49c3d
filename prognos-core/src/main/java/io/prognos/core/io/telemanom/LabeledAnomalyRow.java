package io.prognos.core.io.telemanom;

import io.prognos.core.series.IndexRange;

import java.util.List;
import java.util.Objects;

/**
 * One row of Telemanom's {@code labeled_anomalies.csv}: the labelled anomaly sequences of one channel's test
 * series. Rows are kept as they are in the file; a channel may appear on more than one row (SMAP lists P-2
 * twice with different windows) and Telemanom scores each row on its own.
 *
 * @param rowNumber  1-based line of the row in the CSV file (the header is line 1)
 * @param chanId     channel identifier, e.g. {@code P-1}; names the {@code .npy} files
 * @param spacecraft {@code SMAP} or {@code MSL}
 * @param sequences  labelled anomalies as closed index ranges into the test series, in file order
 * @param classes    the anomaly class of each sequence ({@code point} or {@code contextual}), same order
 * @param numValues  length of the channel's test series
 */
public record LabeledAnomalyRow(int rowNumber, String chanId, String spacecraft, List<IndexRange> sequences,
                                List<String> classes, int numValues) {

    public LabeledAnomalyRow {
        if (rowNumber < 1) {
            throw new IllegalArgumentException("rowNumber must be >= 1, was " + rowNumber);
        }
        Objects.requireNonNull(chanId, "chanId");
        Objects.requireNonNull(spacecraft, "spacecraft");
        sequences = List.copyOf(sequences);
        classes = List.copyOf(classes);
        if (numValues < 0) {
            throw new IllegalArgumentException("numValues must be >= 0, was " + numValues);
        }
    }
}
