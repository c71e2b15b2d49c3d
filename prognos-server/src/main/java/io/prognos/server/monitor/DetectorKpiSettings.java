package io.prognos.server.monitor;

import java.time.Duration;

/**
 * How detector KPIs are judged: a Production detector counts as degraded when its precision on reviewed
 * anomalies falls more than {@code allowedFraction} below the precision it had on labelled validation data,
 * judged only once at least {@code minReviews} of its anomalies were reviewed; KPIs over time are shown in
 * buckets of {@code bucket}, the newest {@code buckets} of them.
 */
public record DetectorKpiSettings(double allowedFraction, int minReviews, Duration bucket, int buckets) {

    public DetectorKpiSettings {
        if (!(allowedFraction >= 0 && allowedFraction < 1)) {
            throw new IllegalArgumentException("allowed fraction must be in [0, 1), got " + allowedFraction);
        }
        if (minReviews < 1) {
            throw new IllegalArgumentException("minimum reviews must be at least 1, got " + minReviews);
        }
        if (bucket == null || bucket.toMillis() <= 0) {
            throw new IllegalArgumentException("bucket must be a positive duration, got " + bucket);
        }
        if (buckets < 1 || buckets > 520) {
            throw new IllegalArgumentException("buckets must be 1-520, got " + buckets);
        }
    }

    /** 20 % below the validation baseline, from 10 reviews, weekly buckets for half a year. */
    public static DetectorKpiSettings defaults() {
        return new DetectorKpiSettings(0.2, 10, Duration.ofDays(7), 26);
    }
}
