package io.prognos.core.asset;

/**
 * Low and high bounds of one band (normal range, warning or critical limits); either side may be
 * absent (NaN), as for a temperature that only has a high limit.
 */
public record Limits(double low, double high) {

    public static final Limits NONE = new Limits(Double.NaN, Double.NaN);

    public Limits {
        if (Double.isInfinite(low) || Double.isInfinite(high)) {
            throw new IllegalArgumentException("limits must be finite or absent (NaN), got [" + low + ", " + high + "]");
        }
        if (!Double.isNaN(low) && !Double.isNaN(high) && low > high) {
            throw new IllegalArgumentException("low limit " + low + " is above high limit " + high);
        }
    }

    public boolean hasLow() {
        return !Double.isNaN(low);
    }

    public boolean hasHigh() {
        return !Double.isNaN(high);
    }

    /** True when the value is below the low or above the high bound. */
    public boolean violatedBy(double value) {
        return (hasLow() && value < low) || (hasHigh() && value > high);
    }
}
