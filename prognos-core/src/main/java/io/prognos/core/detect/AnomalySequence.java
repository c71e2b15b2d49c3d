package io.prognos.core.detect;

import io.prognos.core.series.IndexRange;

/**
 * A detected anomalous stretch of a series: the sample indices it covers (inclusive) and its anomaly
 * score. Scores are detector-specific, non-negative and larger for stronger anomalies; {@link Severity}
 * maps them to the levels shown to people.
 */
public record AnomalySequence(IndexRange range, double score) {

    public AnomalySequence {
        if (range == null) {
            throw new IllegalArgumentException("range must be set");
        }
        if (!(score >= 0) || Double.isInfinite(score)) {
            throw new IllegalArgumentException("score must be finite and >= 0, was " + score);
        }
    }

    public long start() {
        return range.start();
    }

    public long end() {
        return range.end();
    }

    public Severity severity() {
        return Severity.ofTelemanomScore(score);
    }
}
