package io.prognos.server;

/**
 * A per-second rate over the last minute (or another whole number of seconds), counted in one-second
 * buckets of a ring: what "points per second now" means on the system page, which Micrometer's
 * cumulative counters do not answer by themselves. Thread-safe; memory is one long per second of the
 * window.
 */
public final class RecentRate {

    private final long[] counts;
    private final long[] seconds;

    /** @param windowSeconds how many past seconds the rate averages over (at least 1) */
    public RecentRate(int windowSeconds) {
        if (windowSeconds < 1) {
            throw new IllegalArgumentException("the window must be at least one second, got " + windowSeconds);
        }
        counts = new long[windowSeconds];
        seconds = new long[windowSeconds];
        java.util.Arrays.fill(seconds, Long.MIN_VALUE);
    }

    /** Counts n events at an instant (epoch ms). */
    public synchronized void add(long nowMillis, long n) {
        long second = Math.floorDiv(nowMillis, 1000);
        int slot = Math.floorMod(second, counts.length);
        if (seconds[slot] != second) {
            seconds[slot] = second;
            counts[slot] = 0;
        }
        counts[slot] += n;
    }

    /**
     * Events per second over the window's complete seconds before {@code nowMillis}; the current,
     * unfinished second is left out so that the rate does not dip at the start of every second.
     */
    public synchronized double perSecond(long nowMillis) {
        long current = Math.floorDiv(nowMillis, 1000);
        long sum = 0;
        for (int i = 0; i < counts.length; i++) {
            if (seconds[i] < current && seconds[i] >= current - counts.length) {
                sum += counts[i];
            }
        }
        return (double) sum / counts.length;
    }
}
