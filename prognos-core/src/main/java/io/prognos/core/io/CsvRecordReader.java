package io.prognos.core.io;

import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Splits CSV text into {@link CsvRecord}s, tracking line numbers for error messages.
 *
 * <p>Quoting follows RFC 4180: a field that starts with {@code "} runs to the matching closing quote, may
 * contain the delimiter and line breaks, and writes a literal quote as {@code ""}. Both LF and CRLF line
 * ends are accepted, and a UTF-8 byte-order mark at the start is skipped. The reader does not interpret
 * fields (no trimming, no type conversion); that is the caller's business.
 */
public final class CsvRecordReader implements Closeable {

    private static final char QUOTE = '"';
    private static final char BYTE_ORDER_MARK = '\uFEFF';

    private final BufferedReader reader;
    private final char delimiter;
    private final String source;
    private int lineNumber;

    /**
     * @param reader    the text to split; closed by {@link #close()}
     * @param delimiter the field separator, e.g. {@code ','} or {@code ';'}
     * @param source    names the text in error messages, normally the file path
     */
    public CsvRecordReader(BufferedReader reader, char delimiter, String source) {
        this.reader = Objects.requireNonNull(reader, "reader");
        this.source = Objects.requireNonNull(source, "source");
        if (delimiter == QUOTE || delimiter == '\n' || delimiter == '\r') {
            throw new IllegalArgumentException("the delimiter cannot be a quote or a line break");
        }
        this.delimiter = delimiter;
    }

    /** Opens a UTF-8 CSV file, plain or gzip-compressed (detected from its content). */
    public static CsvRecordReader open(Path path, char delimiter) throws IOException {
        BufferedReader reader = new BufferedReader(
                new InputStreamReader(GzipDetectingInput.open(path), StandardCharsets.UTF_8), 1 << 16);
        return new CsvRecordReader(reader, delimiter, path.toString());
    }

    /** The source name given at construction, for callers' own error messages. */
    public String source() {
        return source;
    }

    /**
     * The next record, or {@code null} at the end of the text.
     *
     * @throws DataFormatException for a quoted field that is never closed or has text after its closing quote
     */
    public CsvRecord next() throws IOException {
        String line = reader.readLine();
        if (line == null) {
            return null;
        }
        lineNumber++;
        if (lineNumber == 1 && !line.isEmpty() && line.charAt(0) == BYTE_ORDER_MARK) {
            line = line.substring(1);
        }
        int startLine = lineNumber;
        if (line.isBlank()) {
            return new CsvRecord(startLine, List.of(line), true);
        }
        return new CsvRecord(startLine, split(line, startLine), false);
    }

    private List<String> split(String firstLine, int startLine) throws IOException {
        List<String> fields = new ArrayList<>();
        StringBuilder field = new StringBuilder();
        String line = firstLine;
        int i = 0;
        while (true) {
            if (i < line.length() && line.charAt(i) == QUOTE) {
                i++;
                while (true) {
                    if (i >= line.length()) {
                        line = continuationLine(startLine);
                        field.append('\n');
                        i = 0;
                        continue;
                    }
                    char c = line.charAt(i);
                    if (c != QUOTE) {
                        field.append(c);
                        i++;
                    } else if (i + 1 < line.length() && line.charAt(i + 1) == QUOTE) {
                        field.append(QUOTE);
                        i += 2;
                    } else {
                        i++;
                        break;
                    }
                }
                while (i < line.length() && line.charAt(i) != delimiter && isSpaceOrTab(line.charAt(i))) {
                    i++;
                }
                if (i < line.length() && line.charAt(i) != delimiter) {
                    throw new DataFormatException(source, lineNumber, "unexpected character '" + line.charAt(i)
                            + "' after the closing quote of field " + (fields.size() + 1));
                }
            } else {
                while (i < line.length() && line.charAt(i) != delimiter) {
                    field.append(line.charAt(i));
                    i++;
                }
            }
            fields.add(field.toString());
            field.setLength(0);
            if (i >= line.length()) {
                return fields;
            }
            i++;
        }
    }

    private String continuationLine(int startLine) throws IOException {
        String next = reader.readLine();
        if (next == null) {
            throw new DataFormatException(source, startLine, "quoted field is never closed (the file ends inside it)");
        }
        lineNumber++;
        return next;
    }

    private static boolean isSpaceOrTab(char c) {
        return c == ' ' || c == '\t';
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
