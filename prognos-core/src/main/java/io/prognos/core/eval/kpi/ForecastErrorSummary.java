package io.prognos.core.eval.kpi;

import java.util.Objects;
import java.util.OptionalDouble;

/**
 * An immutable snapshot of a {@link ForecastErrorAccumulator}: realised forecast accuracy over the
 * {@code count} (forecast, actual) pairs seen so far. Every metric is empty when it is undefined (no pairs,
 * no actual large enough for MAPE, constant actuals for R²). MAPE and sMAPE are fractions, not percent
 * ({@code 0.12} means 12 %).
 *
 * @param count       pairs seen
 * @param mae         mean absolute error
 * @param rmse        root mean squared error
 * @param mape        mean absolute percentage error over the pairs whose actual was large enough
 * @param mapeCount   pairs that entered MAPE
 * @param mapeSkipped pairs left out of MAPE because {@code |actual|} was below the epsilon
 * @param smape       symmetric MAPE, {@code mean(2|f - a| / (|f| + |a|))}, in {@code [0, 2]}
 * @param rSquared    coefficient of determination {@code 1 - SSE/SST}
 */
public record ForecastErrorSummary(long count, OptionalDouble mae, OptionalDouble rmse, OptionalDouble mape,
        long mapeCount, long mapeSkipped, OptionalDouble smape, OptionalDouble rSquared) {

    /** Checks the components are present. */
    public ForecastErrorSummary {
        Objects.requireNonNull(mae, "mae");
        Objects.requireNonNull(rmse, "rmse");
        Objects.requireNonNull(mape, "mape");
        Objects.requireNonNull(smape, "smape");
        Objects.requireNonNull(rSquared, "rSquared");
    }
}
