package io.prognos.pipeline;

import io.prognos.core.transform.Imputation;
import io.prognos.core.transform.Imputer;

import java.time.Duration;
import java.util.Locale;

/**
 * The imputation strategy training fills short gaps with, as chosen in {@code prognos.yaml} or on the command
 * line, before it meets a sensor: the seasonal period may be left to default to one day at the sensor's
 * sampling period, which only the sensor knows ({@link #resolve}).
 *
 * @param strategy linear (the default, exactly the interpolation training always did), seasonal or knn
 * @param period   seasonal only: the season in sampling periods (>= 2), or null for one day's worth
 * @param k        knn only: nearest windows averaged (>= 1), or null for {@value #DEFAULT_K}
 * @param context  knn only: points before a gap compared (>= 1), or null for {@value #DEFAULT_CONTEXT}
 */
public record ImputationChoice(Imputer.Strategy strategy, Integer period, Integer k, Integer context) {

    /** Linear interpolation, the default. */
    public static final ImputationChoice LINEAR = new ImputationChoice(Imputer.Strategy.LINEAR, null, null, null);
    /** Nearest windows averaged by knn when not set. */
    public static final int DEFAULT_K = 5;
    /** Points before a gap knn compares when not set. */
    public static final int DEFAULT_CONTEXT = 12;

    private static final long DAY_MILLIS = Duration.ofDays(1).toMillis();

    public ImputationChoice {
        if (strategy == null) {
            throw new IllegalArgumentException("imputation strategy is required");
        }
    }

    /**
     * The choice from its settings as written, each error naming the setting at fault with the names given
     * (e.g. {@code training.imputation} or {@code --imputation}).
     *
     * @param strategy null for linear
     * @throws IllegalArgumentException naming the setting that is unknown, out of range or unused by the strategy
     */
    public static ImputationChoice of(String strategy, Integer period, Integer k, Integer context, String strategyName,
                                      String periodName, String kName, String contextName) {
        Imputer.Strategy s;
        try {
            s = strategy == null ? Imputer.Strategy.LINEAR : Imputer.Strategy.parse(strategy);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(strategyName + " '" + strategy + "' is not one of linear, seasonal, knn", e);
        }
        String used = strategyName + " " + s.name().toLowerCase(Locale.ROOT);
        if (period != null) {
            if (s != Imputer.Strategy.SEASONAL) {
                throw new IllegalArgumentException(periodName + " is only used by " + strategyName + " seasonal, not by "
                        + used);
            }
            if (period < 2) {
                throw new IllegalArgumentException(periodName + " must be >= 2 sampling periods, got " + period);
            }
        }
        if (k != null || context != null) {
            if (s != Imputer.Strategy.KNN) {
                throw new IllegalArgumentException((k != null ? kName : contextName) + " is only used by " + strategyName
                        + " knn, not by " + used);
            }
            if (k != null && k < 1) {
                throw new IllegalArgumentException(kName + " must be >= 1, got " + k);
            }
            if (context != null && context < 1) {
                throw new IllegalArgumentException(contextName + " must be >= 1 sampling periods, got " + context);
            }
        }
        return new ImputationChoice(s, period, k, context);
    }

    /**
     * The imputation for a sensor sampled every {@code samplingMillis}: an unset seasonal period is one day of
     * sampling periods (rounded).
     *
     * @throws IllegalArgumentException when a day holds fewer than two sampling periods and no period was set
     */
    public Imputation resolve(long samplingMillis) {
        return switch (strategy) {
            case LINEAR -> Imputation.LINEAR;
            case SEASONAL -> {
                if (period != null) {
                    yield Imputation.seasonal(period);
                }
                long perDay = Math.round((double) DAY_MILLIS / samplingMillis);
                if (perDay < 2 || perDay > Integer.MAX_VALUE) {
                    throw new IllegalArgumentException("seasonal imputation defaults to a season of one day, which is "
                            + perDay + " sampling periods of " + Duration.ofMillis(samplingMillis)
                            + "; set the imputation period (training.imputation_period, --imputation-period)");
                }
                yield Imputation.seasonal((int) perDay);
            }
            case KNN -> Imputation.knn(k == null ? DEFAULT_K : k, context == null ? DEFAULT_CONTEXT : context);
        };
    }
}
