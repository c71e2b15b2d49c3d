package io.prognos.cli.bench;

import io.prognos.core.eval.DetectionCounts;
import io.prognos.core.io.CsvRecord;
import io.prognos.core.io.CsvRecordReader;
import io.prognos.core.io.DataFormatException;
import io.prognos.core.io.telemanom.LabeledAnomalyRow;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The per-row counts of a run of the reference implementation, read from one of telemanom's results files
 * ({@code results/<run_id>.csv}, with columns {@code chan_id}, {@code true_positives}, {@code false_positives} and
 * {@code false_negatives} among others), so that {@code bench nasa} can put its own counts beside the reference's
 * row by row instead of only comparing totals.
 *
 * <p>Rows are matched by channel and by occurrence: the n-th row of a channel in the results file goes with the
 * n-th row of that channel in {@code labeled_anomalies.csv} (SMAP lists P-2 twice). Every problem names the file
 * and line.
 *
 * @param rows the file's rows in file order
 */
record ReferenceResults(List<Row> rows) {

    private static final List<String> REQUIRED_COLUMNS =
            List.of("chan_id", "true_positives", "false_positives", "false_negatives");

    /** One row of the results file: the reference's counts for one label row of a channel. */
    record Row(String chanId, DetectionCounts counts) {
    }

    ReferenceResults {
        rows = List.copyOf(rows);
    }

    /** Reads a telemanom results file; blank lines are skipped. */
    static ReferenceResults read(Path file) throws IOException {
        String source = file.toString();
        try (CsvRecordReader records = CsvRecordReader.open(file, ',')) {
            CsvRecord header = records.next();
            while (header != null && header.blankLine()) {
                header = records.next();
            }
            if (header == null) {
                throw new DataFormatException(source, "empty file: expected telemanom's results header with "
                        + String.join(", ", REQUIRED_COLUMNS));
            }
            List<String> names = header.fields().stream().map(String::strip).toList();
            int[] columns = new int[REQUIRED_COLUMNS.size()];
            for (int i = 0; i < columns.length; i++) {
                columns[i] = names.indexOf(REQUIRED_COLUMNS.get(i));
                if (columns[i] < 0) {
                    throw new DataFormatException(source, header.line(), "the header lacks column '"
                            + REQUIRED_COLUMNS.get(i) + "' (is this a telemanom results file?)");
                }
            }
            List<Row> rows = new ArrayList<>();
            for (CsvRecord record = records.next(); record != null; record = records.next()) {
                if (record.blankLine()) {
                    continue;
                }
                if (record.size() != names.size()) {
                    throw new DataFormatException(source, record.line(), "expected " + names.size()
                            + " fields but found " + record.size() + " (is a list field missing its quotes?)");
                }
                String chanId = record.field(columns[0]).strip();
                if (chanId.isEmpty()) {
                    throw new DataFormatException(source, record.line(), "empty chan_id");
                }
                DetectionCounts counts = new DetectionCounts(
                        count(record, columns[1], REQUIRED_COLUMNS.get(1), source),
                        count(record, columns[2], REQUIRED_COLUMNS.get(2), source),
                        count(record, columns[3], REQUIRED_COLUMNS.get(3), source));
                rows.add(new Row(chanId, counts));
            }
            return new ReferenceResults(rows);
        }
    }

    /**
     * The reference's counts for each label row, keyed by the label row's line; a label row without a
     * matching results row is absent from the map.
     */
    Map<Integer, DetectionCounts> matching(List<LabeledAnomalyRow> labelRows) {
        Map<String, List<Row>> byChannel = new HashMap<>();
        for (Row row : rows) {
            byChannel.computeIfAbsent(row.chanId(), c -> new ArrayList<>()).add(row);
        }
        Map<String, Integer> seen = new HashMap<>();
        Map<Integer, DetectionCounts> matched = new LinkedHashMap<>();
        for (LabeledAnomalyRow label : labelRows) {
            int occurrence = seen.merge(label.chanId(), 1, Integer::sum) - 1;
            List<Row> candidates = byChannel.getOrDefault(label.chanId(), List.of());
            if (occurrence < candidates.size()) {
                matched.put(label.rowNumber(), candidates.get(occurrence).counts());
            }
        }
        return matched;
    }

    private static long count(CsvRecord record, int column, String name, String source) {
        String text = record.field(column).strip();
        try {
            long value = Long.parseLong(text);
            if (value < 0) {
                throw new DataFormatException(source, record.line(), name + " " + value + " is negative");
            }
            return value;
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, record.line(), name + " '" + text + "' is not a whole number");
        }
    }
}
