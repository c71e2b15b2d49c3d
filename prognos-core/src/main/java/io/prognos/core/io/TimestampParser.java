package io.prognos.core.io;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.Month;
import java.time.OffsetDateTime;
import java.time.Year;
import java.time.ZoneOffset;
import java.time.chrono.IsoChronology;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.format.ResolverStyle;
import java.time.temporal.TemporalAccessor;
import java.util.regex.Pattern;

/**
 * Converts the timestamp texts of one file to epoch milliseconds. The first timestamp fixes the file's
 * kind: an epoch number (seconds or milliseconds, see {@link CsvSeriesOptions.EpochUnit}) or an ISO-8601
 * date or date-time; later timestamps must be of the same kind.
 *
 * <p>Accepted ISO forms: {@code 2024-01-02T03:04:05Z}, with an offset ({@code +01:00} or {@code +0100}),
 * with fractional seconds, without a zone (taken as UTC), with a space instead of {@code T}
 * ({@code 2024-01-02 03:04:05}, as in NAB and ETT), and a plain date {@code 2024-01-02} (midnight UTC).
 * Digits below a millisecond are truncated.
 *
 * <p>Not thread-safe: it remembers the file's kind. Use one instance per file.
 */
final class TimestampParser {

    /** Epoch values at or above this magnitude are milliseconds when the unit is AUTO. */
    static final double MILLISECONDS_THRESHOLD = 1e11;
    /** Beyond this magnitude an epoch number is not a plausible time in either unit. */
    private static final double MAX_EPOCH_MAGNITUDE = 1e17;
    private static final Pattern DECIMAL_NUMBER = Pattern.compile("[+-]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][+-]?\\d+)?");
    private static final DateTimeFormatter ISO_DATE_OR_DATE_TIME = new DateTimeFormatterBuilder()
            .parseCaseInsensitive()
            .append(DateTimeFormatter.ISO_LOCAL_DATE)
            .optionalStart()
            .appendLiteral('T')
            .append(DateTimeFormatter.ISO_LOCAL_TIME)
            .optionalStart().appendOffset("+HH:MM:ss", "Z").optionalEnd()
            .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
            .optionalEnd()
            .toFormatter()
            .withResolverStyle(ResolverStyle.STRICT)
            .withChronology(IsoChronology.INSTANCE);

    /** Marks "not one of the simple forms" in {@link #parseSimpleIso}; no real timestamp has this value. */
    private static final long NOT_SIMPLE = Long.MIN_VALUE;

    private enum Kind { UNDECIDED, EPOCH_SECONDS, EPOCH_MILLISECONDS, ISO }

    private Kind kind;

    TimestampParser(CsvSeriesOptions.EpochUnit epochUnit) {
        switch (epochUnit) {
            case SECONDS:
                kind = Kind.EPOCH_SECONDS;
                break;
            case MILLISECONDS:
                kind = Kind.EPOCH_MILLISECONDS;
                break;
            default:
                kind = Kind.UNDECIDED;
        }
    }

    /**
     * Epoch milliseconds of {@code text} (already trimmed, not empty).
     *
     * @throws IllegalArgumentException saying why the text is not a timestamp of this file's kind
     */
    long toEpochMillis(String text) {
        boolean numeric = DECIMAL_NUMBER.matcher(text).matches();
        if (kind == Kind.UNDECIDED) {
            kind = numeric ? unitByMagnitude(text) : Kind.ISO;
        }
        if (kind == Kind.ISO) {
            if (numeric) {
                throw new IllegalArgumentException("it is a number, but earlier timestamps are ISO-8601 dates");
            }
            return parseIso(text);
        }
        if (!numeric) {
            throw new IllegalArgumentException("expected an epoch number like the earlier timestamps");
        }
        return parseEpoch(text, kind == Kind.EPOCH_SECONDS ? 3 : 0);
    }

    private static Kind unitByMagnitude(String text) {
        return Math.abs(Double.parseDouble(text)) >= MILLISECONDS_THRESHOLD ? Kind.EPOCH_MILLISECONDS : Kind.EPOCH_SECONDS;
    }

    private static long parseEpoch(String text, int decimalShift) {
        if (Math.abs(Double.parseDouble(text)) > MAX_EPOCH_MAGNITUDE) {
            throw new IllegalArgumentException("epoch value out of range");
        }
        return new BigDecimal(text).movePointRight(decimalShift).setScale(0, RoundingMode.HALF_UP).longValueExact();
    }

    /**
     * Fast path for the forms most data files use, {@code yyyy-MM-dd[(T| )HH:mm[:ss]][Z]}, which are several
     * times quicker to take apart by hand than with a {@link DateTimeFormatter}. Anything else, including an
     * invalid date, returns {@link #NOT_SIMPLE} and goes through the formatter (which also words the error).
     */
    private static long parseSimpleIso(String text) {
        int length = text.endsWith("Z") || text.endsWith("z") ? text.length() - 1 : text.length();
        boolean knownLength = length == 10 || length == 16 || length == 19;
        if (!knownLength || text.charAt(4) != '-' || text.charAt(7) != '-') {
            return NOT_SIMPLE;
        }
        int year = digits(text, 0, 4);
        int month = digits(text, 5, 2);
        int day = digits(text, 8, 2);
        int hour = 0;
        int minute = 0;
        int second = 0;
        if (length > 10) {
            char separator = text.charAt(10);
            boolean dateTimeSeparator = separator == 'T' || separator == 't' || separator == ' ';
            if (!dateTimeSeparator || text.charAt(13) != ':') {
                return NOT_SIMPLE;
            }
            hour = digits(text, 11, 2);
            minute = digits(text, 14, 2);
            if (length == 19) {
                second = text.charAt(16) == ':' ? digits(text, 17, 2) : -1;
            }
        } else if (length != text.length()) {
            return NOT_SIMPLE;
        }
        boolean validDate = year >= 0 && month >= 1 && month <= 12 && day >= 1
                && day <= Month.of(month).length(Year.isLeap(year));
        boolean validTime = hour >= 0 && hour <= 23 && minute >= 0 && minute <= 59 && second >= 0 && second <= 59;
        if (!validDate || !validTime) {
            return NOT_SIMPLE;
        }
        long epochDay = LocalDate.of(year, month, day).toEpochDay();
        return ((epochDay * 24 + hour) * 60 + minute) * 60_000L + second * 1000L;
    }

    /** The non-negative number in {@code text[from, from + count)}, or -1 if those are not all digits. */
    private static int digits(String text, int from, int count) {
        int value = 0;
        for (int i = from; i < from + count; i++) {
            char c = text.charAt(i);
            if (c < '0' || c > '9') {
                return -1;
            }
            value = value * 10 + (c - '0');
        }
        return value;
    }

    /** The useful tail of a java.time parse message, e.g. " (Invalid date 'FEBRUARY 30')". */
    private static String parserDetail(DateTimeParseException e) {
        String message = String.valueOf(e.getMessage());
        String marker = "could not be parsed";
        int at = message.indexOf(marker);
        String detail = at < 0 ? "" : message.substring(at + marker.length()).replaceFirst("^[:,]\\s*", "");
        return detail.isBlank() ? "" : " (" + detail + ")";
    }

    private static long parseIso(String text) {
        long simple = parseSimpleIso(text);
        if (simple != NOT_SIMPLE) {
            return simple;
        }
        String normalised = text.length() > 10 && text.charAt(10) == ' '
                ? text.substring(0, 10) + 'T' + text.substring(11)
                : text;
        TemporalAccessor parsed;
        try {
            parsed = ISO_DATE_OR_DATE_TIME.parseBest(normalised, OffsetDateTime::from, LocalDateTime::from,
                    LocalDate::from);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not an ISO-8601 date/date-time or epoch number" + parserDetail(e), e);
        }
        if (parsed instanceof OffsetDateTime) {
            return ((OffsetDateTime) parsed).toInstant().toEpochMilli();
        }
        if (parsed instanceof LocalDateTime) {
            return ((LocalDateTime) parsed).toInstant(ZoneOffset.UTC).toEpochMilli();
        }
        return ((LocalDate) parsed).atStartOfDay().toInstant(ZoneOffset.UTC).toEpochMilli();
    }
}
