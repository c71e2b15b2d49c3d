package io.prognos.core.io;

import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.Optional;

/**
 * Catches timestamps read in the wrong unit before they are stored: epoch seconds taken for
 * milliseconds (readings suddenly 1,000 times closer than the sensor samples, in January 1970),
 * microseconds or nanoseconds taken for milliseconds (dates tens of thousands of years ahead), or a
 * file of another sensor's rate. A mistake like that is cheap to refuse and expensive to clean up.
 */
public final class TimeUnitCheck {

    /** Latest plausible reading: the year 2200. */
    static final long LATEST_PLAUSIBLE_MILLIS = Instant.parse("2200-01-01T00:00:00Z").toEpochMilli();
    /** How far the median spacing may be from the sampling period, either way, before it is refused. */
    static final double MAX_RATE_FACTOR = 100;

    private TimeUnitCheck() {
    }

    /**
     * What is wrong with the timestamps (sorted or not, epoch milliseconds) for a sensor sampling every
     * {@code periodMillis}, or empty when they are plausible.
     *
     * @param source names the input in the message, e.g. the file
     */
    public static Optional<String> problem(String source, long[] timestamps, long periodMillis) {
        if (timestamps.length == 0) {
            return Optional.empty();
        }
        long max = Arrays.stream(timestamps).max().orElseThrow();
        if (max >= LATEST_PLAUSIBLE_MILLIS) {
            return Optional.of(source + ": the latest timestamp reads as " + describe(max) + "; the file's epoch numbers "
                    + "are probably microseconds or nanoseconds, not milliseconds; convert them, or give ISO-8601 times");
        }
        if (timestamps.length < 3) {
            return Optional.empty();
        }
        long[] sorted = timestamps.clone();
        Arrays.sort(sorted);
        long[] gaps = new long[sorted.length - 1];
        for (int i = 1; i < sorted.length; i++) {
            gaps[i - 1] = sorted[i] - sorted[i - 1];
        }
        Arrays.sort(gaps);
        long median = gaps[gaps.length / 2];
        if (median <= 0) {
            return Optional.empty();
        }
        double factor = (double) median / periodMillis;
        if (factor * MAX_RATE_FACTOR < 1) {
            return Optional.of(source + ": readings are a median " + median + " ms apart, but the sensor samples every "
                    + Duration.ofMillis(periodMillis) + " (" + Math.round(1 / factor) + " times slower); if the timestamps "
                    + "are epoch seconds, say --epoch-unit seconds, otherwise fix the sensor's sampling period");
        }
        if (factor > MAX_RATE_FACTOR) {
            return Optional.of(source + ": readings are a median " + Duration.ofMillis(median) + " apart, but the sensor "
                    + "samples every " + Duration.ofMillis(periodMillis) + " (" + Math.round(factor) + " times faster); "
                    + "check the time unit of the timestamps and the sensor's sampling period");
        }
        return Optional.empty();
    }

    private static String describe(long millis) {
        long year = millis / (long) (365.2425 * 24 * 3600 * 1000) + 1970;
        return year >= 1_000_000 ? "more than a million years ahead" : "the year " + year;
    }
}
