package io.prognos.core.io;

import io.prognos.core.series.TimeSeriesFrame;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * Reads a CSV file with a header line into a {@link TimeSeriesFrame}: one optional timestamp column and any
 * number of numeric value columns (see {@link CsvSeriesOptions}). Plain and gzip files are both accepted
 * (detected from the content). This is the entry point for NAB, ETT and users' own sensor exports.
 *
 * <p>Values: empty fields become NaN (a missing sample; rows are never dropped), and {@code nan},
 * {@code inf}, {@code -inf}, {@code Infinity} (any case) are kept as the corresponding doubles; deciding what
 * to do with them is the caller's data-quality step. Timestamps: see {@link CsvSeriesOptions.EpochUnit} and
 * the ISO-8601 forms listed on {@code TimestampParser}: {@code 2024-01-02T03:04:05Z}, offsets, fractions,
 * zone-less (UTC), {@code 2024-01-02 03:04:05} and {@code 2024-01-02}.
 *
 * <p>Every problem is a {@link DataFormatException} of the form {@code path:line: what is wrong}. Blank
 * lines at the end of the file are ignored; a blank line inside the data is an error unless the file has a
 * single column (then it is a missing value).
 */
public final class CsvSeriesReader {

    private static final Set<String> TIMESTAMP_NAMES = Set.of("timestamp", "time", "date", "datetime");
    private static final int NO_COLUMN = -1;

    private final CsvSeriesOptions options;

    public CsvSeriesReader(CsvSeriesOptions options) {
        this.options = Objects.requireNonNull(options, "options");
    }

    /** A reader with {@link CsvSeriesOptions#defaults()}. */
    public static CsvSeriesReader withDefaults() {
        return new CsvSeriesReader(CsvSeriesOptions.defaults());
    }

    public CsvSeriesOptions options() {
        return options;
    }

    /** Reads the whole file; the frame's {@code source} is the path. */
    public TimeSeriesFrame read(Path path) throws IOException {
        try (CsvRecordReader records = CsvRecordReader.open(path, options.delimiter())) {
            return read(records);
        }
    }

    /** Reads all records from an already opened record reader (e.g. over in-memory text). */
    public TimeSeriesFrame read(CsvRecordReader records) throws IOException {
        String source = records.source();
        CsvRecord header = records.next();
        while (header != null && header.blankLine()) {
            header = records.next();
        }
        if (header == null) {
            throw new DataFormatException(source, "empty file: there is no header line");
        }
        List<String> headerNames = header.fields().stream().map(String::strip).toList();
        int timestampIndex = timestampColumnIndex(headerNames, source, header.line());
        int[] valueIndices = valueColumnIndices(headerNames, timestampIndex, source, header.line());
        List<String> valueNames = Arrays.stream(valueIndices).mapToObj(headerNames::get).toList();

        SeriesBuilder series = new SeriesBuilder(source, headerNames, timestampIndex, valueIndices,
                new TimestampParser(options.epochUnit()), options.rejectNonIncreasingTimestamps());
        List<CsvRecord> pendingBlankLines = new ArrayList<>();
        for (CsvRecord record = records.next(); record != null; record = records.next()) {
            if (record.blankLine()) {
                pendingBlankLines.add(record);
                continue;
            }
            for (CsvRecord blank : pendingBlankLines) {
                series.addBlankLine(blank);
            }
            pendingBlankLines.clear();
            series.add(record);
        }
        return new TimeSeriesFrame(source, valueNames, series.timestamps(), series.rows());
    }

    private int timestampColumnIndex(List<String> headerNames, String source, int headerLine) {
        switch (options.timestampColumn()) {
            case NONE:
                return NO_COLUMN;
            case NAMED:
                return requiredColumn(headerNames, options.timestampColumnName(), source, headerLine);
            default:
                int found = NO_COLUMN;
                for (int i = 0; i < headerNames.size(); i++) {
                    if (TIMESTAMP_NAMES.contains(headerNames.get(i).toLowerCase(Locale.ROOT))) {
                        if (found != NO_COLUMN) {
                            throw new DataFormatException(source, headerLine, "columns '" + headerNames.get(found)
                                    + "' and '" + headerNames.get(i) + "' both look like timestamps;"
                                    + " name the timestamp column in the options");
                        }
                        found = i;
                    }
                }
                return found;
        }
    }

    private int[] valueColumnIndices(List<String> headerNames, int timestampIndex, String source, int headerLine) {
        if (!options.valueColumns().isEmpty()) {
            int[] indices = new int[options.valueColumns().size()];
            for (int i = 0; i < indices.length; i++) {
                indices[i] = requiredColumn(headerNames, options.valueColumns().get(i), source, headerLine);
                if (indices[i] == timestampIndex) {
                    throw new DataFormatException(source, headerLine, "column '" + headerNames.get(indices[i])
                            + "' cannot be both the timestamp and a value column");
                }
            }
            return indices;
        }
        int[] indices = new int[headerNames.size() - (timestampIndex == NO_COLUMN ? 0 : 1)];
        int next = 0;
        for (int i = 0; i < headerNames.size(); i++) {
            if (i != timestampIndex) {
                if (headerNames.subList(0, i).contains(headerNames.get(i))) {
                    throw new DataFormatException(source, headerLine,
                            "column '" + headerNames.get(i) + "' appears more than once in the header");
                }
                indices[next++] = i;
            }
        }
        return indices;
    }

    private static int requiredColumn(List<String> headerNames, String name, String source, int headerLine) {
        int index = headerNames.indexOf(name);
        if (index < 0) {
            throw new DataFormatException(source, headerLine,
                    "column '" + name + "' is not in the header; columns are " + headerNames);
        }
        if (headerNames.lastIndexOf(name) != index) {
            throw new DataFormatException(source, headerLine,
                    "column '" + name + "' appears more than once in the header");
        }
        return index;
    }

    /** Accumulates parsed rows and timestamps, checking each record as it arrives. */
    private static final class SeriesBuilder {
        private final String source;
        private final List<String> headerNames;
        private final int timestampIndex;
        private final int[] valueIndices;
        private final TimestampParser timestampParser;
        private final boolean rejectNonIncreasing;
        private final List<double[]> rows = new ArrayList<>();
        private long[] timestamps = new long[1024];
        private int previousLine;

        SeriesBuilder(String source, List<String> headerNames, int timestampIndex, int[] valueIndices,
                      TimestampParser timestampParser, boolean rejectNonIncreasing) {
            this.source = source;
            this.headerNames = headerNames;
            this.timestampIndex = timestampIndex;
            this.valueIndices = valueIndices;
            this.timestampParser = timestampParser;
            this.rejectNonIncreasing = rejectNonIncreasing;
        }

        void addBlankLine(CsvRecord blank) {
            if (headerNames.size() != 1) {
                throw new DataFormatException(source, blank.line(), "blank line inside the data (expected "
                        + headerNames.size() + " fields; only blank lines at the end of the file are ignored)");
            }
            add(blank);
        }

        void add(CsvRecord record) {
            if (record.size() != headerNames.size()) {
                throw new DataFormatException(source, record.line(), "expected " + headerNames.size()
                        + " fields (as in the header) but found " + record.size());
            }
            int rowIndex = rows.size();
            if (timestampIndex != NO_COLUMN) {
                addTimestamp(record, rowIndex);
            }
            double[] values = new double[valueIndices.length];
            for (int i = 0; i < valueIndices.length; i++) {
                values[i] = parseValue(record, valueIndices[i]);
            }
            rows.add(values);
            previousLine = record.line();
        }

        private void addTimestamp(CsvRecord record, int rowIndex) {
            String text = record.field(timestampIndex).strip();
            String column = headerNames.get(timestampIndex);
            if (text.isEmpty()) {
                throw new DataFormatException(source, record.line(), "column '" + column + "': empty timestamp");
            }
            long millis;
            try {
                millis = timestampParser.toEpochMillis(text);
            } catch (IllegalArgumentException | ArithmeticException e) {
                throw new DataFormatException(source, record.line(),
                        "column '" + column + "': cannot parse timestamp '" + text + "': " + e.getMessage(), e);
            }
            if (rejectNonIncreasing && rowIndex > 0 && millis <= timestamps[rowIndex - 1]) {
                throw new DataFormatException(source, record.line(), "timestamp " + Instant.ofEpochMilli(millis)
                        + " is not after the previous one (line " + previousLine + ", "
                        + Instant.ofEpochMilli(timestamps[rowIndex - 1]) + ")");
            }
            if (rowIndex == timestamps.length) {
                timestamps = Arrays.copyOf(timestamps, timestamps.length * 2);
            }
            timestamps[rowIndex] = millis;
        }

        private double parseValue(CsvRecord record, int column) {
            String text = record.field(column).strip();
            if (text.isEmpty()) {
                return Double.NaN;
            }
            try {
                return NumberText.parseDouble(text);
            } catch (NumberFormatException e) {
                throw new DataFormatException(source, record.line(), "column '" + headerNames.get(column)
                        + "': cannot parse '" + text + "' as a number");
            }
        }

        long[] timestamps() {
            return timestampIndex == NO_COLUMN ? null : Arrays.copyOf(timestamps, rows.size());
        }

        double[][] rows() {
            return rows.toArray(new double[0][]);
        }
    }
}
