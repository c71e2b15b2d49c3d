package io.prognos.core.io;

import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * How {@link CsvSeriesReader} reads a CSV file: which column holds the timestamps, which columns are values,
 * the delimiter, how epoch numbers are scaled and whether timestamps must increase. Build one with
 * {@link #builder()} or take {@link #defaults()}; the record validates itself, so an instance is always usable.
 *
 * @param timestampColumn             how the timestamp column is chosen
 * @param timestampColumnName         the column's header name when {@code timestampColumn} is
 *                                    {@link TimestampColumn#NAMED}, otherwise {@code null}
 * @param valueColumns                header names of the value columns, in output order; empty means every
 *                                    column except the timestamp column, in file order
 * @param delimiter                   field separator
 * @param epochUnit                   unit of numeric timestamps
 * @param rejectNonIncreasingTimestamps when true (the default), a timestamp that is not strictly after the
 *                                    previous one is an error; when false the frame keeps the file's order and
 *                                    the caller's data-quality code must deal with it
 */
public record CsvSeriesOptions(
        TimestampColumn timestampColumn,
        String timestampColumnName,
        List<String> valueColumns,
        char delimiter,
        EpochUnit epochUnit,
        boolean rejectNonIncreasingTimestamps) {

    /** How the timestamp column is chosen. */
    public enum TimestampColumn {
        /**
         * Use the single column named {@code timestamp}, {@code time}, {@code date} or {@code datetime}
         * (case-insensitively); no timestamps if there is none; an error if there are several.
         */
        AUTO_DETECT,
        /** Use the column named by {@code timestampColumnName}; an error if the header lacks it. */
        NAMED,
        /** The file has no timestamps; every selected column is a value. */
        NONE
    }

    /** Unit of numeric (epoch) timestamps. ISO-8601 timestamps are not affected. */
    public enum EpochUnit {
        /**
         * Decided once per file from the first timestamp: magnitude {@code >= 1e11} means milliseconds,
         * smaller means seconds. 1e11 s is the year 5138 and 1e11 ms is March 1973, so real data is never
         * ambiguous, except for relative times near zero, which need an explicit unit.
         */
        AUTO,
        SECONDS,
        MILLISECONDS
    }

    public CsvSeriesOptions {
        Objects.requireNonNull(timestampColumn, "timestampColumn");
        Objects.requireNonNull(epochUnit, "epochUnit");
        valueColumns = List.copyOf(valueColumns);
        if (timestampColumn == TimestampColumn.NAMED) {
            if (timestampColumnName == null || timestampColumnName.isBlank()) {
                throw new IllegalArgumentException("a NAMED timestamp column needs a non-blank name");
            }
        } else if (timestampColumnName != null) {
            throw new IllegalArgumentException("timestampColumnName is only allowed with NAMED, not "
                    + timestampColumn);
        }
        Set<String> seen = new HashSet<>();
        for (String column : valueColumns) {
            if (column.isBlank()) {
                throw new IllegalArgumentException("value column names must not be blank: " + valueColumns);
            }
            if (!seen.add(column)) {
                throw new IllegalArgumentException("value column '" + column + "' is listed twice");
            }
            if (column.equals(timestampColumnName)) {
                throw new IllegalArgumentException("'" + column + "' cannot be both the timestamp and a value column");
            }
        }
        if (delimiter == '"' || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
    }

    /** Auto-detected timestamp column, all other columns as values, comma-delimited, strictly increasing. */
    public static CsvSeriesOptions defaults() {
        return builder().build();
    }

    public static Builder builder() {
        return new Builder();
    }

    /** Mutable builder; starts from the defaults. */
    public static final class Builder {
        private TimestampColumn timestampColumn = TimestampColumn.AUTO_DETECT;
        private String timestampColumnName;
        private List<String> valueColumns = List.of();
        private char delimiter = ',';
        private EpochUnit epochUnit = EpochUnit.AUTO;
        private boolean rejectNonIncreasingTimestamps = true;

        private Builder() {
        }

        /** Timestamps come from the column with this header name. */
        public Builder timestampColumn(String name) {
            this.timestampColumn = TimestampColumn.NAMED;
            this.timestampColumnName = name;
            return this;
        }

        /** The file has no timestamp column. */
        public Builder noTimestampColumn() {
            this.timestampColumn = TimestampColumn.NONE;
            this.timestampColumnName = null;
            return this;
        }

        /** Detect the timestamp column by name (the default). */
        public Builder autoDetectTimestampColumn() {
            this.timestampColumn = TimestampColumn.AUTO_DETECT;
            this.timestampColumnName = null;
            return this;
        }

        /** Read only these columns, in this order. */
        public Builder valueColumns(String... names) {
            return valueColumns(List.of(names));
        }

        /** Read only these columns, in this order; an empty list means all non-timestamp columns. */
        public Builder valueColumns(List<String> names) {
            this.valueColumns = List.copyOf(names);
            return this;
        }

        public Builder delimiter(char delimiter) {
            this.delimiter = delimiter;
            return this;
        }

        public Builder epochUnit(EpochUnit unit) {
            this.epochUnit = unit;
            return this;
        }

        /** Keep duplicate or decreasing timestamps instead of rejecting the file. */
        public Builder allowNonIncreasingTimestamps() {
            this.rejectNonIncreasingTimestamps = false;
            return this;
        }

        public CsvSeriesOptions build() {
            return new CsvSeriesOptions(timestampColumn, timestampColumnName, valueColumns, delimiter, epochUnit,
                    rejectNonIncreasingTimestamps);
        }
    }
}
