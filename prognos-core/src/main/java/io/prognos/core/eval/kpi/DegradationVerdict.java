package io.prognos.core.eval.kpi;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * The outcome of comparing a realised KPI with its validation baseline ({@link KpiDegradation#assess}):
 * whether the model degraded, by how much, and a one-line message for operators and alerts.
 *
 * @param kpi            the KPI's name, e.g. {@code "F1"}
 * @param outcome        what the comparison concluded
 * @param baseline       the model version's validation value
 * @param realised       the value measured in production
 * @param relativeChange {@code (realised - baseline) / |baseline|}, signed (negative is a fall whatever the
 *                       direction); empty when the baseline is 0 or not finite
 * @param samples        the number of samples behind {@code realised}
 * @param message        one line, human-readable
 */
public record DegradationVerdict(String kpi, Outcome outcome, double baseline, double realised,
        OptionalDouble relativeChange, long samples, String message) {

    /** What a comparison concluded. */
    public enum Outcome {
        /** Worse than the baseline by more than the allowed fraction, on enough samples. */
        DEGRADED,
        /** Better than the baseline, or worse by no more than the allowed fraction, on enough samples. */
        WITHIN_TOLERANCE,
        /** Fewer samples than the minimum; no verdict. */
        INSUFFICIENT_SAMPLES,
        /** The baseline is 0 or not finite, so a relative change cannot be judged; no verdict. */
        NO_USABLE_BASELINE
    }

    /** Checks the components are present. */
    public DegradationVerdict {
        Objects.requireNonNull(kpi, "kpi");
        Objects.requireNonNull(outcome, "outcome");
        Objects.requireNonNull(relativeChange, "relativeChange");
        Objects.requireNonNull(message, "message");
    }

    /** {@code true} only for {@link Outcome#DEGRADED}. */
    public boolean degraded() {
        return outcome == Outcome.DEGRADED;
    }
}
