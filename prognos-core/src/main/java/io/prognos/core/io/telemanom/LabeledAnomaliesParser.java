package io.prognos.core.io.telemanom;

import io.prognos.core.io.CsvRecord;
import io.prognos.core.io.CsvRecordReader;
import io.prognos.core.io.DataFormatException;
import io.prognos.core.series.IndexRange;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Reads {@code labeled_anomalies.csv} ({@code chan_id,spacecraft,anomaly_sequences,class,num_values}), where
 * {@code anomaly_sequences} is a Python-style list such as {@code [[2149, 2349], [4536, 4844]]} and
 * {@code class} a list of bare or quoted words such as {@code [contextual, point]}. Columns are found by
 * header name, so their order does not matter. Every problem names the file and line.
 */
final class LabeledAnomaliesParser {

    static final String CHAN_ID = "chan_id";
    static final String SPACECRAFT = "spacecraft";
    static final String ANOMALY_SEQUENCES = "anomaly_sequences";
    static final String CLASS = "class";
    static final String NUM_VALUES = "num_values";
    private static final List<String> REQUIRED_COLUMNS =
            List.of(CHAN_ID, SPACECRAFT, ANOMALY_SEQUENCES, CLASS, NUM_VALUES);

    private static final String PAIR = "\\[\\s*\\d{1,18}\\s*,\\s*\\d{1,18}\\s*\\]";
    private static final Pattern LIST_OF_PAIRS =
            Pattern.compile("\\[\\s*(" + PAIR + "\\s*(,\\s*" + PAIR + "\\s*)*,?\\s*)?\\]");
    private static final Pattern PAIR_VALUES = Pattern.compile("\\[\\s*(\\d+)\\s*,\\s*(\\d+)\\s*\\]");

    private final String source;
    private int chanIdColumn;
    private int spacecraftColumn;
    private int sequencesColumn;
    private int classColumn;
    private int numValuesColumn;
    private int fieldCount;

    private LabeledAnomaliesParser(String source) {
        this.source = source;
    }

    /** All rows in file order; blank lines are skipped. */
    static List<LabeledAnomalyRow> parse(Path file) throws IOException {
        try (CsvRecordReader records = CsvRecordReader.open(file, ',')) {
            return new LabeledAnomaliesParser(file.toString()).parseAll(records);
        }
    }

    private List<LabeledAnomalyRow> parseAll(CsvRecordReader records) throws IOException {
        CsvRecord header = records.next();
        while (header != null && header.blankLine()) {
            header = records.next();
        }
        if (header == null) {
            throw new DataFormatException(source, "empty file: expected the header "
                    + String.join(",", REQUIRED_COLUMNS));
        }
        locateColumns(header);
        List<LabeledAnomalyRow> rows = new ArrayList<>();
        for (CsvRecord record = records.next(); record != null; record = records.next()) {
            if (!record.blankLine()) {
                rows.add(parseRow(record));
            }
        }
        return rows;
    }

    private void locateColumns(CsvRecord header) {
        List<String> names = header.fields().stream().map(String::strip).toList();
        for (String required : REQUIRED_COLUMNS) {
            if (!names.contains(required)) {
                throw new DataFormatException(source, header.line(), "the header lacks column '" + required
                        + "'; expected " + String.join(",", REQUIRED_COLUMNS) + " but found " + String.join(",", names));
            }
        }
        chanIdColumn = names.indexOf(CHAN_ID);
        spacecraftColumn = names.indexOf(SPACECRAFT);
        sequencesColumn = names.indexOf(ANOMALY_SEQUENCES);
        classColumn = names.indexOf(CLASS);
        numValuesColumn = names.indexOf(NUM_VALUES);
        fieldCount = names.size();
    }

    private LabeledAnomalyRow parseRow(CsvRecord record) {
        int line = record.line();
        if (record.size() != fieldCount) {
            throw new DataFormatException(source, line, "expected " + fieldCount + " fields but found "
                    + record.size() + " (is a list field missing its quotes?)");
        }
        String chanId = record.field(chanIdColumn).strip();
        if (chanId.isEmpty()) {
            throw new DataFormatException(source, line, "empty " + CHAN_ID);
        }
        String spacecraft = record.field(spacecraftColumn).strip();
        int numValues = parseNumValues(record.field(numValuesColumn).strip(), line);
        List<IndexRange> sequences = parseSequences(record.field(sequencesColumn).strip(), numValues, line);
        List<String> classes = parseClasses(record.field(classColumn).strip(), line);
        if (classes.size() != sequences.size()) {
            throw new DataFormatException(source, line, CLASS + " lists " + classes.size() + " classes but "
                    + ANOMALY_SEQUENCES + " has " + sequences.size() + " sequences");
        }
        return new LabeledAnomalyRow(line, chanId, spacecraft, sequences, classes, numValues);
    }

    private int parseNumValues(String text, int line) {
        int numValues;
        try {
            numValues = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new DataFormatException(source, line, NUM_VALUES + " '" + text + "' is not an integer");
        }
        if (numValues < 0) {
            throw new DataFormatException(source, line, NUM_VALUES + " " + numValues + " is negative");
        }
        return numValues;
    }

    private List<IndexRange> parseSequences(String text, int numValues, int line) {
        if (!LIST_OF_PAIRS.matcher(text).matches()) {
            throw new DataFormatException(source, line, ANOMALY_SEQUENCES + " '" + text
                    + "' is not a list of [start, end] pairs");
        }
        List<IndexRange> sequences = new ArrayList<>();
        Matcher pair = PAIR_VALUES.matcher(text);
        while (pair.find()) {
            long start = Long.parseLong(pair.group(1));
            long end = Long.parseLong(pair.group(2));
            if (start > end) {
                throw new DataFormatException(source, line, ANOMALY_SEQUENCES + ": sequence " + pair.group()
                        + " starts after it ends");
            }
            if (end >= numValues) {
                throw new DataFormatException(source, line, ANOMALY_SEQUENCES + ": sequence " + pair.group()
                        + " goes beyond the test series (" + NUM_VALUES + " " + numValues + ", last index "
                        + (numValues - 1) + ")");
            }
            sequences.add(new IndexRange(start, end));
        }
        return sequences;
    }

    private List<String> parseClasses(String text, int line) {
        if (text.length() < 2 || text.charAt(0) != '[' || text.charAt(text.length() - 1) != ']') {
            throw new DataFormatException(source, line, CLASS + " '" + text + "' is not a [..] list");
        }
        String inner = text.substring(1, text.length() - 1).strip();
        List<String> classes = new ArrayList<>();
        if (inner.isEmpty()) {
            return classes;
        }
        String[] items = inner.split(",", -1);
        for (int i = 0; i < items.length; i++) {
            String item = unquote(items[i].strip());
            if (item.isEmpty()) {
                if (i == items.length - 1 && i > 0) {
                    break;
                }
                throw new DataFormatException(source, line, CLASS + " '" + text + "' has an empty entry");
            }
            classes.add(item);
        }
        return classes;
    }

    private static String unquote(String item) {
        if (item.length() >= 2) {
            char first = item.charAt(0);
            char last = item.charAt(item.length() - 1);
            if ((first == '\'' || first == '"') && last == first) {
                return item.substring(1, item.length() - 1).strip();
            }
        }
        return item;
    }
}
