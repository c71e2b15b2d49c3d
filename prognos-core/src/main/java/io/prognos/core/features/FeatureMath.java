package io.prognos.core.features;

/** The small scalar formulas shared by the batch and the streaming computation, so both apply the same arithmetic. */
final class FeatureMath {

    private FeatureMath() {
    }

    /**
     * Percent change as a fraction: {@code (x - previous) / max(|previous|, epsilon)}. Relative to the magnitude of
     * the previous value (so its sign is the sign of the change), and floored at {@code epsilon} so it stays finite
     * when the previous value is zero or nearly so.
     */
    static double pctChange(double x, double previous, double epsilon) {
        return (x - previous) / Math.max(Math.abs(previous), epsilon);
    }

    /**
     * The z-score from the value's deviation from the mean (computed by the caller without cancelling against a
     * large common level), or 0 when std is 0 (a constant window).
     */
    static double zscore(double deviation, double std) {
        return std > 0 ? deviation / std : 0.0;
    }

    /** Where x sits in [min, max] as a fraction, or 0.5 when the range is 0. */
    static double position(double x, double min, double max) {
        double range = max - min;
        return range > 0 ? (x - min) / range : 0.5;
    }
}
