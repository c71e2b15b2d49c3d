package io.prognos.core.eval.kpi;

import java.util.Locale;
import java.util.Objects;
import java.util.OptionalDouble;

/**
 * A degradation rule for one KPI: the realised value is compared with the model version's validation
 * baseline, and the model counts as degraded when it is worse by more than an allowed fraction of the
 * baseline, measured on at least a minimum number of samples. This is how the monitoring decides that a
 * model in production no longer performs as it did when it was validated, without raising alarms on a
 * handful of reviews.
 *
 * <p>The relative change is {@code (realised - baseline) / |baseline|}. For {@link
 * KpiDirection#HIGHER_IS_BETTER} the model degraded when it is below {@code -allowedFraction}; for {@link
 * KpiDirection#LOWER_IS_BETTER} when it is above {@code +allowedFraction}. A change of exactly the allowed
 * fraction is tolerated. Fewer samples than the minimum give {@link DegradationVerdict.Outcome#INSUFFICIENT_SAMPLES},
 * never a degradation. A baseline of 0 has no relative scale (any change would be infinitely large) and a
 * non-finite baseline no meaning, so both give {@link DegradationVerdict.Outcome#NO_USABLE_BASELINE}, never a
 * degradation; the message says why.
 *
 * @param kpi             the KPI's name as shown to people, e.g. {@code "F1"} or {@code "MAE"}
 * @param direction       which way the KPI improves
 * @param allowedFraction how much worse than the baseline is tolerated, as a fraction of it ({@code 0.2} =
 *                        20 %), finite and {@code >= 0}
 * @param minSamples      the fewest samples on which a verdict is given, {@code >= 0}
 * @param sampleNoun      what a sample is, plural, for the message, e.g. {@code "reviewed anomalies"}
 */
public record KpiDegradation(String kpi, KpiDirection direction, double allowedFraction, long minSamples,
        String sampleNoun) {

    /** Rounding slack so that a change of exactly the allowed fraction is not called a degradation. */
    private static final double TOLERANCE = 1e-12;

    /** Validates the rule. */
    public KpiDegradation {
        Objects.requireNonNull(kpi, "kpi");
        Objects.requireNonNull(direction, "direction");
        Objects.requireNonNull(sampleNoun, "sampleNoun");
        if (kpi.isBlank()) {
            throw new IllegalArgumentException("KPI name must not be blank");
        }
        if (!Double.isFinite(allowedFraction) || allowedFraction < 0) {
            throw new IllegalArgumentException(
                    "allowed fraction must be finite and >= 0, was " + allowedFraction + " for " + kpi);
        }
        if (minSamples < 0) {
            throw new IllegalArgumentException("minimum sample count must be >= 0, was " + minSamples + " for " + kpi);
        }
    }

    /**
     * Compares {@code realised}, measured on {@code samples} samples, with the validation {@code baseline}.
     *
     * @throws IllegalArgumentException if {@code realised} is not finite or {@code samples} is negative
     */
    public DegradationVerdict assess(double baseline, double realised, long samples) {
        if (!Double.isFinite(realised)) {
            throw new IllegalArgumentException("realised " + kpi + " must be finite, was " + realised);
        }
        if (samples < 0) {
            throw new IllegalArgumentException("sample count must be >= 0, was " + samples + " for " + kpi);
        }
        String over = " over " + samples + " " + sampleNoun;
        if (!Double.isFinite(baseline) || baseline == 0) {
            String why = Double.isFinite(baseline) ? "is 0, which gives no relative scale" : "is " + baseline;
            return new DegradationVerdict(kpi, DegradationVerdict.Outcome.NO_USABLE_BASELINE, baseline, realised,
                    OptionalDouble.empty(), samples, kpi + " " + format(realised) + over
                            + " cannot be judged: the validation baseline " + why);
        }
        double change = (realised - baseline) / Math.abs(baseline);
        OptionalDouble relativeChange = OptionalDouble.of(change);
        if (samples < minSamples) {
            return new DegradationVerdict(kpi, DegradationVerdict.Outcome.INSUFFICIENT_SAMPLES, baseline, realised,
                    relativeChange, samples, kpi + " " + format(realised) + over
                            + ": too few to judge against the validation baseline " + format(baseline)
                            + " (minimum " + minSamples + "); no verdict");
        }
        double worsening = direction == KpiDirection.HIGHER_IS_BETTER ? -change : change;
        boolean degraded = worsening > allowedFraction + TOLERANCE;
        String comparison;
        if (change == 0) {
            comparison = " equals the validation baseline " + format(baseline);
        } else {
            comparison = " is " + percent(Math.abs(change)) + (change < 0 ? " below" : " above")
                    + " the validation baseline " + format(baseline);
        }
        String tolerance;
        if (degraded) {
            tolerance = " (allowed " + percent(allowedFraction) + ")";
        } else if (worsening > 0) {
            tolerance = ", within the allowed " + percent(allowedFraction) + ",";
        } else {
            tolerance = "";
        }
        return new DegradationVerdict(kpi,
                degraded ? DegradationVerdict.Outcome.DEGRADED : DegradationVerdict.Outcome.WITHIN_TOLERANCE,
                baseline, realised, relativeChange, samples, kpi + " " + format(realised) + comparison + tolerance
                        + over);
    }

    /** Two decimals for ordinary magnitudes, three significant digits otherwise. */
    static String format(double v) {
        double a = Math.abs(v);
        if (a == 0 || (a >= 0.01 && a < 1e6)) {
            return String.format(Locale.ROOT, "%.2f", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    /** A fraction as a whole percentage, or with one decimal below 10 %. */
    static String percent(double fraction) {
        double p = fraction * 100;
        if (p < 10 && Math.abs(p - Math.rint(p)) > 1e-9) {
            return String.format(Locale.ROOT, "%.1f%%", p);
        }
        return String.format(Locale.ROOT, "%.0f%%", p);
    }
}
