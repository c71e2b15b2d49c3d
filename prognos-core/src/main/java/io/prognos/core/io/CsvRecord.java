package io.prognos.core.io;

import java.util.List;

/**
 * One record (logical line) of a CSV file, with quoting already removed.
 *
 * @param line      1-based line number where the record starts (a quoted field may span several lines)
 * @param fields    the field texts, unquoted, not trimmed
 * @param blankLine true when the line held nothing but whitespace; such a line still has one empty field
 */
public record CsvRecord(int line, List<String> fields, boolean blankLine) {

    public CsvRecord {
        if (line < 1) {
            throw new IllegalArgumentException("line numbers start at 1, was " + line);
        }
        fields = List.copyOf(fields);
    }

    public int size() {
        return fields.size();
    }

    public String field(int index) {
        return fields.get(index);
    }
}
