package io.prognos.core.eval.kpi;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * Realised forecast accuracy, accumulated one (forecast, actual) pair at a time as actuals arrive, in
 * constant memory: count, MAE, RMSE, MAPE, sMAPE and R². The monitoring compares these with the model
 * version's validation metrics (see {@link KpiDegradation}) without keeping the history of pairs.
 *
 * <p>Definitions, with {@code e = forecast - actual}:
 * <ul>
 *   <li>MAE {@code = mean |e|}; RMSE {@code = sqrt(mean e²)};</li>
 *   <li>MAPE {@code = mean |e| / |actual|} over the pairs with {@code |actual| >= epsilon} (and actual not
 *       0, which matters only for epsilon 0); the others are
 *       skipped and counted ({@link #mapeSkipped()}), because a percentage of a near-zero actual is
 *       meaningless; a fraction, not percent;</li>
 *   <li>sMAPE {@code = mean 2|e| / (|forecast| + |actual|)}, in {@code [0, 2]}; a pair with forecast and
 *       actual both exactly 0 is a perfect forecast and contributes 0;</li>
 *   <li>R² {@code = 1 - SSE / SST}, with {@code SST = sum (actual - mean actual)²} computed online
 *       (Welford's update, Chan et al.'s formula for {@link #merge}); empty when {@code SST == 0}.</li>
 * </ul>
 * Every metric is empty while it is undefined, never a made-up 0 or NaN.
 *
 * <p>Partial accumulators (per sensor, per day, per thread) are combined with {@link #merge}, which gives
 * the same result as one pass over all pairs up to rounding. Instances are mutable and not thread-safe;
 * {@link #snapshot()} gives an immutable copy of the results.
 */
public final class ForecastErrorAccumulator {

    /** The default {@code |actual|} below which a pair is left out of MAPE. */
    public static final double DEFAULT_MAPE_EPSILON = 1e-9;

    private final double mapeEpsilon;
    private long count;
    private double sumAbsError;
    private double sumSquaredError;
    private long mapeCount;
    private long mapeSkipped;
    private double sumAbsPercentageError;
    private double sumSymmetricPercentageError;
    private double meanActual;
    /** Sum of squared deviations of the actuals from their running mean (Welford's M2). */
    private double actualM2;

    /** An empty accumulator with {@link #DEFAULT_MAPE_EPSILON}. */
    public ForecastErrorAccumulator() {
        this(DEFAULT_MAPE_EPSILON);
    }

    /**
     * An empty accumulator that leaves pairs with {@code |actual| < mapeEpsilon} out of MAPE.
     *
     * @throws IllegalArgumentException if {@code mapeEpsilon} is negative or not finite
     */
    public ForecastErrorAccumulator(double mapeEpsilon) {
        if (!(mapeEpsilon >= 0) || !Double.isFinite(mapeEpsilon)) {
            throw new IllegalArgumentException("MAPE epsilon must be finite and >= 0, was " + mapeEpsilon);
        }
        this.mapeEpsilon = mapeEpsilon;
    }

    /**
     * Adds one realised pair.
     *
     * @return this accumulator
     * @throws IllegalArgumentException if the forecast or the actual is not finite (nothing is added)
     */
    public ForecastErrorAccumulator add(double forecast, double actual) {
        if (!Double.isFinite(forecast) || !Double.isFinite(actual)) {
            throw new IllegalArgumentException("forecast and actual must be finite, were forecast=" + forecast
                    + " and actual=" + actual);
        }
        double error = forecast - actual;
        double absError = Math.abs(error);
        count++;
        sumAbsError += absError;
        sumSquaredError += error * error;
        double absActual = Math.abs(actual);
        if (absActual >= mapeEpsilon && absActual > 0) {
            mapeCount++;
            sumAbsPercentageError += absError / absActual;
        } else {
            mapeSkipped++;
        }
        double denominator = Math.abs(forecast) + absActual;
        if (denominator > 0) {
            sumSymmetricPercentageError += 2 * absError / denominator;
        }
        double delta = actual - meanActual;
        meanActual += delta / count;
        actualM2 += delta * (actual - meanActual);
        return this;
    }

    /**
     * Adds the pairs of {@code other} to this accumulator; {@code other} is unchanged.
     *
     * @return this accumulator
     * @throws IllegalArgumentException if the two use different MAPE epsilons
     */
    public ForecastErrorAccumulator merge(ForecastErrorAccumulator other) {
        Objects.requireNonNull(other, "other");
        if (Double.compare(other.mapeEpsilon, mapeEpsilon) != 0) {
            throw new IllegalArgumentException("cannot merge accumulators with different MAPE epsilons, "
                    + mapeEpsilon + " and " + other.mapeEpsilon);
        }
        if (other.count == 0) {
            return this;
        }
        long n = Math.addExact(count, other.count);
        double delta = other.meanActual - meanActual;
        double newMean = meanActual + delta * ((double) other.count / n);
        double newM2 = actualM2 + other.actualM2 + delta * delta * ((double) count * other.count / n);
        // read every field of other before writing, so that merging with itself is right
        sumAbsError += other.sumAbsError;
        sumSquaredError += other.sumSquaredError;
        long newMapeCount = mapeCount + other.mapeCount;
        long newMapeSkipped = mapeSkipped + other.mapeSkipped;
        sumAbsPercentageError += other.sumAbsPercentageError;
        sumSymmetricPercentageError += other.sumSymmetricPercentageError;
        mapeCount = newMapeCount;
        mapeSkipped = newMapeSkipped;
        meanActual = newMean;
        actualM2 = newM2;
        count = n;
        return this;
    }

    /** The epsilon below which an actual is left out of MAPE. */
    public double mapeEpsilon() {
        return mapeEpsilon;
    }

    /** Pairs added. */
    public long count() {
        return count;
    }

    /** Mean absolute error; empty before the first pair. */
    public OptionalDouble mae() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sumAbsError / count);
    }

    /** Root mean squared error; empty before the first pair. */
    public OptionalDouble rmse() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(Math.sqrt(sumSquaredError / count));
    }

    /** Mean absolute percentage error as a fraction; empty when no actual was large enough. */
    public OptionalDouble mape() {
        return mapeCount == 0 ? OptionalDouble.empty() : OptionalDouble.of(sumAbsPercentageError / mapeCount);
    }

    /** Pairs that entered MAPE. */
    public long mapeCount() {
        return mapeCount;
    }

    /** Pairs left out of MAPE because {@code |actual| < mapeEpsilon}. */
    public long mapeSkipped() {
        return mapeSkipped;
    }

    /** Symmetric MAPE as a fraction in {@code [0, 2]}; empty before the first pair. */
    public OptionalDouble smape() {
        return count == 0 ? OptionalDouble.empty() : OptionalDouble.of(sumSymmetricPercentageError / count);
    }

    /** {@code 1 - SSE / SST}; empty when the actuals have no spread ({@code SST == 0}, including n < 2). */
    public OptionalDouble rSquared() {
        return actualM2 > 0 ? OptionalDouble.of(1 - sumSquaredError / actualM2) : OptionalDouble.empty();
    }

    /** The current results as an immutable record. */
    public ForecastErrorSummary snapshot() {
        return new ForecastErrorSummary(count, mae(), rmse(), mape(), mapeCount, mapeSkipped, smape(), rSquared());
    }

    @Override
    public String toString() {
        return "ForecastErrorAccumulator" + snapshot();
    }
}
