package io.prognos.core.transform;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Resampling with an imputation strategy other than linear, and the linear default left as it was. */
class ResamplerImputationTest {

    private static final int DAY = 96; // grid points per day at a 15-minute period
    private static final long PERIOD = 900_000;

    /** A daily cycle with a little noise; readings removed in [from, to). */
    private static double truth(int i) {
        return 20 + 5 * Math.sin(2 * Math.PI * i / DAY) + 2 * Math.sin(4 * Math.PI * i / DAY);
    }

    private static long[] times(int n, int from, int to) {
        return java.util.stream.IntStream.range(0, n).filter(i -> i < from || i >= to).mapToLong(i -> i * PERIOD)
                .toArray();
    }

    private static double[] values(int n, int from, int to) {
        java.util.Random random = new java.util.Random(7);
        return java.util.stream.IntStream.range(0, n).filter(i -> i < from || i >= to)
                .mapToDouble(i -> truth(i) + 0.05 * random.nextGaussian()).toArray();
    }

    @Test
    void theThreeArgumentResamplerIsLinearAndIdenticalToAnExplicitLinearOne() {
        long[] ts = times(1_000, 300, 306);
        double[] v = values(1_000, 300, 306);
        for (GapPolicy policy : GapPolicy.values()) {
            Resampler.Result old = new Resampler(PERIOD, policy, 10).resample(ts, v);
            Resampler.Result linear = new Resampler(PERIOD, policy, 10, Imputation.LINEAR).resample(ts, v);
            assertThat(new Resampler(PERIOD, policy, 10).imputation()).isEqualTo(Imputation.LINEAR);
            assertThat(linear.imputed()).isEqualTo(old.imputed());
            assertThat(linear.linearFallback()).isZero();
            assertThat(linear.segments()).hasSameSizeAs(old.segments());
            for (int s = 0; s < old.segments().size(); s++) {
                assertThat(linear.segments().get(s).values()).containsExactly(old.segments().get(s).values());
                assertThat(linear.segments().get(s).imputed()).containsExactly(old.segments().get(s).imputed());
            }
        }
        // and linear is what GapFiller does on the grid
        double[] grid = new double[1_000];
        for (int i = 0; i < grid.length; i++) {
            grid[i] = i >= 300 && i < 306 ? Double.NaN : v[i < 300 ? i : i - 6];
        }
        assertThat(new Resampler(PERIOD, GapPolicy.INTERPOLATE, 10).resample(ts, v).segments().get(0).values())
                .containsExactly(new GapFiller(10).fill(grid).values());
    }

    @Test
    void seasonalImputationOfADailyCycleFillsAGapCloserToTheTruthThanLinear() {
        int n = DAY * 5;
        int from = DAY * 2 + 10;
        int to = from + 20; // five hours missing, across the peak of the cycle
        long[] ts = times(n, from, to);
        double[] v = values(n, from, to);
        Resampler.Result linear = new Resampler(PERIOD, GapPolicy.INTERPOLATE, 24).resample(ts, v);
        Resampler.Result seasonal = new Resampler(PERIOD, GapPolicy.INTERPOLATE, 24, Imputation.seasonal(DAY))
                .resample(ts, v);
        assertThat(linear.imputed()).isEqualTo(20);
        assertThat(seasonal.imputed()).isEqualTo(20);
        assertThat(seasonal.linearFallback()).isZero();
        double linearError = rmse(linear.segments().get(0).values(), from, to);
        double seasonalError = rmse(seasonal.segments().get(0).values(), from, to);
        assertThat(seasonalError).as("seasonal %s vs linear %s", seasonalError, linearError)
                .isLessThan(linearError / 5);
        // measured points are untouched
        assertThat(seasonal.segments().get(0).values()[from - 1]).isEqualTo(v[from - 1]);
        assertThat(seasonal.segments().get(0).imputed()[from]).isTrue();
        assertThat(seasonal.segments().get(0).imputed()[from - 1]).isFalse();
    }

    @Test
    void pointsTheStrategyCannotEstimateAreInterpolatedAndLongGapsStillSplit() {
        // shorter than a season: seasonal has nothing to go on, so the short gap falls back to linear;
        // the long gap splits exactly as with linear imputation
        int n = 80;
        long[] ts = java.util.stream.IntStream.range(0, n).filter(i -> !(i >= 20 && i < 23) && !(i >= 50 && i < 65))
                .mapToLong(i -> i * PERIOD).toArray();
        double[] v = Arrays.stream(ts).mapToDouble(t -> truth((int) (t / PERIOD))).toArray();
        Resampler.Result linear = new Resampler(PERIOD, GapPolicy.SPLIT, 5).resample(ts, v);
        Resampler.Result seasonal = new Resampler(PERIOD, GapPolicy.SPLIT, 5, Imputation.seasonal(DAY)).resample(ts, v);
        assertThat(seasonal.linearFallback()).isEqualTo(3);
        assertThat(seasonal.imputed()).isEqualTo(linear.imputed()).isEqualTo(3);
        assertThat(seasonal.segments()).hasSize(2);
        assertThat(seasonal.droppedPoints()).isEqualTo(linear.droppedPoints()).isEqualTo(15);
        assertThat(seasonal.segments().get(0).values()).containsExactly(linear.segments().get(0).values());
    }

    @Test
    void knnImputationFillsFromSimilarStretches() {
        int n = DAY * 4;
        int from = DAY * 3 + 30;
        int to = from + 6;
        Resampler.Result knn = new Resampler(PERIOD, GapPolicy.INTERPOLATE, 10, Imputation.knn(3, 12))
                .resample(times(n, from, to), values(n, from, to));
        assertThat(knn.imputed()).isEqualTo(6);
        assertThat(knn.linearFallback()).isZero();
        assertThat(rmse(knn.segments().get(0).values(), from, to)).isLessThan(0.2);
    }

    @Test
    void settingsAStrategyDoesNotUseAreRefused() {
        assertThatThrownBy(() -> new Imputation(Imputer.Strategy.LINEAR, 96, 0, 0)).hasMessageContaining("period");
        assertThatThrownBy(() -> Imputation.seasonal(1)).hasMessageContaining("period must be >= 2");
        assertThatThrownBy(() -> Imputation.knn(0, 3)).hasMessageContaining("k must be >= 1");
        assertThatThrownBy(() -> new Resampler(PERIOD, GapPolicy.SPLIT, 3, null)).hasMessageContaining("imputation");
        assertThat(Imputation.seasonal(96).label()).isEqualTo("seasonal (period 96)");
        assertThat(Imputation.knn(5, 12).label()).isEqualTo("knn (k 5, context 12)");
        assertThat(Imputation.LINEAR.label()).isEqualTo("linear");
    }

    private static double rmse(double[] filled, int from, int to) {
        double sum = 0;
        for (int i = from; i < to; i++) {
            double d = filled[i] - truth(i);
            sum += d * d;
        }
        return Math.sqrt(sum / (to - from));
    }
}
