package io.prognos.core.io;

/**
 * A data file is not in the format its reader expects. Unchecked, because a malformed input file is not
 * something the calling code can repair; the message is meant for the person who supplied the file.
 *
 * <p>The message always starts with the source (normally the file path), followed by the line number when
 * the problem has one, in the compiler-like form {@code path:line: what is wrong}, so it can be pasted
 * straight into an editor or a bug report.
 */
public class DataFormatException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** Marker for "no line number", returned by {@link #line()}. */
    public static final int NO_LINE = -1;

    private final String source;
    private final int line;

    /** A problem with the source as a whole, e.g. a bad magic number or a truncated array. */
    public DataFormatException(String source, String detail) {
        this(source, NO_LINE, detail, null);
    }

    /** A problem on one (1-based) line of a text file. */
    public DataFormatException(String source, int line, String detail) {
        this(source, line, detail, null);
    }

    /** As {@link #DataFormatException(String, int, String)}, keeping the low-level cause. */
    public DataFormatException(String source, int line, String detail, Throwable cause) {
        super(line == NO_LINE ? source + ": " + detail : source + ":" + line + ": " + detail, cause);
        this.source = source;
        this.line = line;
    }

    /** The file (or other source) that is malformed. */
    public String source() {
        return source;
    }

    /** The 1-based line number of the problem, or {@link #NO_LINE}. */
    public int line() {
        return line;
    }
}
