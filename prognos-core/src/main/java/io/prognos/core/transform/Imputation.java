package io.prognos.core.transform;

import java.util.Locale;

/**
 * How a {@link Resampler} fills the short gaps of its grid: an {@link Imputer} strategy and its
 * settings, without the gap limit (that stays the resampler's {@code maxGap}). Fields a strategy does
 * not use must be 0, as in {@link Imputer.Config}.
 *
 * @param strategy the estimate to use; {@link Imputer.Strategy#LINEAR} is what resampling always did
 * @param period   SEASONAL only: the season length in grid points (>= 2), otherwise 0
 * @param k        KNN only: how many nearest windows are averaged (>= 1), otherwise 0
 * @param context  KNN only: how many points before a gap are compared (>= 1), otherwise 0
 */
public record Imputation(Imputer.Strategy strategy, int period, int k, int context) {

    /** Linear interpolation between a gap's measured neighbours, the resampler's historical behaviour. */
    public static final Imputation LINEAR = new Imputation(Imputer.Strategy.LINEAR, 0, 0, 0);

    public Imputation {
        // the gap limit is irrelevant to these checks; Imputer.Config validates the rest with the same messages
        new Imputer.Config(strategy, 1, period, k, context);
    }

    /** Same phase of the neighbouring seasons, {@code period} grid points long. */
    public static Imputation seasonal(int period) {
        return new Imputation(Imputer.Strategy.SEASONAL, period, 0, 0);
    }

    /** Continuations of the {@code k} windows most like the {@code context} points before the gap. */
    public static Imputation knn(int k, int context) {
        return new Imputation(Imputer.Strategy.KNN, 0, k, context);
    }

    /** The imputer settings with gaps of up to {@code maxGap} (>= 1) grid points filled. */
    public Imputer.Config config(int maxGap) {
        return new Imputer.Config(strategy, maxGap, period, k, context);
    }

    /** For people: {@code linear}, {@code seasonal (period 288)} or {@code knn (k 5, context 12)}. */
    public String label() {
        String name = strategy.name().toLowerCase(Locale.ROOT);
        return switch (strategy) {
            case LINEAR -> name;
            case SEASONAL -> name + " (period " + period + ")";
            case KNN -> name + " (k " + k + ", context " + context + ")";
        };
    }
}
