package io.prognos.core.drift;

import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares a current window of a sensor with its reference window and says whether it drifted, how badly, in
 * what way and what to do.
 *
 * <p>The input values give the covariate view: did the data the model sees move? The model's absolute
 * prediction errors on the two windows, when given, give the concept view: did the model get worse (or
 * different) on data that looks the same? The type is {@link DriftType#COVARIATE} when only the inputs moved,
 * {@link DriftType#CONCEPT} when only the errors moved, {@link DriftType#BOTH} when both did. Each side's severity
 * comes from {@link DriftThresholds#severityOf}; the report's severity is the worse one. Any significant change of
 * the errors counts, better or worse (the sign of the errors' {@link DriftMetrics#meanShift()} tells which): a
 * model that suddenly does better on unchanged inputs also means the target's behaviour changed.
 *
 * <p>The recommendation is {@link DriftRecommendation#INSPECT_SENSOR} when the current inputs' standard
 * deviation is off the reference's by {@link DriftThresholds#sensorSdFactor()} or more either way (a constant,
 * stuck or saturated signal, or a noisy, loose one), whatever the severity; else
 * {@link DriftRecommendation#RETRAIN} from {@link DriftThresholds#retrainAt()}; else
 * {@link DriftRecommendation#MONITOR}. Stateless and thread-safe.
 */
public final class DriftAnalyzer {

    private final DriftThresholds thresholds;
    private final int bins;

    /** An analyzer with the default thresholds and bins. */
    public DriftAnalyzer() {
        this(DriftThresholds.defaults(), DriftMetrics.DEFAULT_BINS);
    }

    public DriftAnalyzer(DriftThresholds thresholds, int bins) {
        this.thresholds = Objects.requireNonNull(thresholds, "thresholds");
        if (bins < 2) {
            throw new IllegalArgumentException("bins must be at least 2, was " + bins);
        }
        this.bins = bins;
    }

    public DriftThresholds thresholds() {
        return thresholds;
    }

    /** Covariate check only: reference and current input values. */
    public DriftReport analyze(double[] referenceValues, double[] currentValues) {
        return analyze(referenceValues, currentValues, null, null);
    }

    /**
     * Full check. {@code referenceErrors} and {@code currentErrors} are the model's absolute prediction errors on
     * the two windows; pass both or neither (null). Their sizes need not match the values'.
     */
    public DriftReport analyze(double[] referenceValues, double[] currentValues, double[] referenceErrors,
                               double[] currentErrors) {
        if ((referenceErrors == null) != (currentErrors == null)) {
            throw new IllegalArgumentException("give both reference and current errors, or neither; "
                    + (referenceErrors == null ? "reference" : "current") + " errors are missing");
        }
        DriftMetrics inputs = DriftMetrics.between(referenceValues, currentValues, bins);
        DriftSeverity inputSeverity = thresholds.severityOf(inputs);
        Optional<DriftMetrics> errors = Optional.empty();
        DriftSeverity errorSeverity = DriftSeverity.NONE;
        if (referenceErrors != null) {
            checkNonNegative("reference errors", referenceErrors);
            checkNonNegative("current errors", currentErrors);
            DriftMetrics e = errorMetrics(referenceErrors, currentErrors);
            errors = Optional.of(e);
            errorSeverity = thresholds.severityOf(e);
        }
        boolean inputsMoved = inputSeverity != DriftSeverity.NONE;
        boolean errorsMoved = errorSeverity != DriftSeverity.NONE;
        DriftType type = inputsMoved ? (errorsMoved ? DriftType.BOTH : DriftType.COVARIATE)
                : (errorsMoved ? DriftType.CONCEPT : DriftType.NONE);
        DriftSeverity severity = DriftSeverity.max(inputSeverity, errorSeverity);
        DriftRecommendation recommendation;
        if (thresholds.sensorSuspect(inputs)) {
            recommendation = DriftRecommendation.INSPECT_SENSOR;
        } else if (severity.atLeast(thresholds.retrainAt())) {
            recommendation = DriftRecommendation.RETRAIN;
        } else {
            recommendation = DriftRecommendation.MONITOR;
        }
        String explanation = explain(inputs, errors, inputSeverity, errorSeverity, severity, type, recommendation);
        return new DriftReport(inputs, errors, inputSeverity, errorSeverity, severity, type, recommendation,
                explanation);
    }

    private DriftMetrics errorMetrics(double[] referenceErrors, double[] currentErrors) {
        try {
            return DriftMetrics.between(referenceErrors, currentErrors, bins);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("prediction errors: " + e.getMessage(), e);
        }
    }

    private static void checkNonNegative(String name, double[] errors) {
        for (int i = 0; i < errors.length; i++) {
            if (errors[i] < 0) {
                throw new IllegalArgumentException(name + " sample: value at index " + i + " is negative ("
                        + errors[i] + "); absolute prediction errors are expected");
            }
        }
    }

    private String explain(DriftMetrics inputs, Optional<DriftMetrics> errors, DriftSeverity inputSeverity,
                           DriftSeverity errorSeverity, DriftSeverity severity, DriftType type,
                           DriftRecommendation recommendation) {
        StringBuilder s = new StringBuilder();
        switch (type) {
            case NONE -> s.append("No significant drift");
            case COVARIATE -> s.append(severity).append(" covariate drift (inputs moved)");
            case CONCEPT -> s.append(severity).append(" concept drift (prediction errors moved, inputs did not)");
            case BOTH -> s.append(severity).append(" drift of inputs and prediction errors");
        }
        s.append(": inputs ").append(summary(inputs, inputSeverity));
        errors.ifPresent(e -> s.append("; errors ").append(summary(e, errorSeverity)));
        s.append("; ");
        switch (recommendation) {
            case INSPECT_SENSOR -> s.append(inputs.sdRatio() == 0
                    ? "current signal is constant, inspect the sensor (stuck or saturated?)"
                    : String.format(Locale.ROOT, "current spread is %.3gx the reference's, inspect the sensor",
                            inputs.sdRatio()));
            case RETRAIN -> s.append("retrain (severity ").append(severity).append(" reaches ")
                    .append(thresholds.retrainAt()).append(')');
            case MONITOR -> s.append("monitor");
        }
        return s.toString();
    }

    private static String summary(DriftMetrics m, DriftSeverity severity) {
        return String.format(Locale.ROOT, "%s (PSI %.3f, mean shift %+.2f sd, sd ratio %.2f, KS D %.3f p=%.2g)",
                severity, m.psi(), m.meanShift(), m.sdRatio(), m.ksStatistic(), m.ksPValue());
    }
}
