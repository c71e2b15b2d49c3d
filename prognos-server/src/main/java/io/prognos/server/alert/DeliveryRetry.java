package io.prognos.server.alert;

import java.time.Duration;

/**
 * The retry policy every alert channel shares, so that a webhook and a mail to the same outage behave alike:
 * at most {@link #ATTEMPTS} attempts, the n-th retry {@code 2^(n-1)} x the base delay after the failure (1, 2, 4 x).
 */
final class DeliveryRetry {

    /** Attempts per notification, the first included. */
    static final int ATTEMPTS = 4;

    private DeliveryRetry() {
    }

    /** Lets a sender's queued deliveries, retries included, finish for up to ten seconds, then stops it. */
    static void drain(java.util.concurrent.ExecutorService executor) {
        executor.shutdown();
        try {
            executor.awaitTermination(10, java.util.concurrent.TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        executor.shutdownNow();
    }

    /** How long to wait after failed attempt {@code attempt} (1-based) before the next one. */
    static long delayMillis(Duration base, int attempt) {
        return base.toMillis() << (attempt - 1);
    }
}
