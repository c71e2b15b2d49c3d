package io.prognos.core.forecast;

import java.time.Duration;
import java.time.Instant;

/**
 * The sampling period of a series that forecasts can continue: every step between consecutive
 * timestamps must be the same. Forecast timestamps are then the last observed timestamp plus whole
 * periods, never the wall clock. Gaps and irregular sampling are refused with where they are, since a
 * forecaster reading "the last N rows" would otherwise read the wrong stretch of time.
 */
public final class RegularSampling {

    private RegularSampling() {
    }

    /**
     * @param source names the data in messages, e.g. the file
     * @return the period in milliseconds
     * @throws IllegalArgumentException naming the first pair of rows (0-based) that breaks the period
     */
    public static long periodOf(long[] timestamps, String source) {
        if (timestamps.length < 2) {
            throw new IllegalArgumentException(source + ": need at least two timestamps to know the sampling period");
        }
        long period = timestamps[1] - timestamps[0];
        for (int i = 1; i < timestamps.length; i++) {
            long step = timestamps[i] - timestamps[i - 1];
            if (step <= 0) {
                throw new IllegalArgumentException(source + ": row " + i + " (" + Instant.ofEpochMilli(timestamps[i])
                        + ") is not after row " + (i - 1) + "; timestamps must increase");
            }
            if (step != period) {
                String kind = step > period && step % period == 0 ? "a gap of " + (step / period - 1) + " missing readings"
                        : "irregular sampling (" + Duration.ofMillis(step) + " instead of " + Duration.ofMillis(period) + ")";
                throw new IllegalArgumentException(source + ": " + kind + " between row " + (i - 1) + " ("
                        + Instant.ofEpochMilli(timestamps[i - 1]) + ") and row " + i + " (" + Instant.ofEpochMilli(timestamps[i])
                        + "); forecasting needs a regular series: resample it or fill the gap first");
            }
        }
        return period;
    }
}
