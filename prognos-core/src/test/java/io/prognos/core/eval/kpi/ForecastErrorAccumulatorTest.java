package io.prognos.core.eval.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import org.junit.jupiter.api.Test;

class ForecastErrorAccumulatorTest {

    private static final double EPS = 1e-12;

    @Test
    void handComputedSmallSample() {
        // (forecast, actual): (12, 10) e=2, (8, 10) e=-2, (0.5, 0) e=0.5, (3, 4) e=-1
        ForecastErrorAccumulator acc = new ForecastErrorAccumulator()
                .add(12, 10).add(8, 10).add(0.5, 0).add(3, 4);
        assertThat(acc.count()).isEqualTo(4);
        assertThat(acc.mae().getAsDouble()).isCloseTo(5.5 / 4, within(EPS));                 // 1.375
        assertThat(acc.rmse().getAsDouble()).isCloseTo(Math.sqrt(9.25 / 4), within(EPS));    // 1.5207
        // actual 0 is skipped: (2/10 + 2/10 + 1/4) / 3
        assertThat(acc.mape().getAsDouble()).isCloseTo(0.65 / 3, within(EPS));
        assertThat(acc.mapeCount()).isEqualTo(3);
        assertThat(acc.mapeSkipped()).isEqualTo(1);
        // 2|e| / (|f| + |a|) = 4/22, 4/18, 1/0.5 = 2, 2/7
        assertThat(acc.smape().getAsDouble()).isCloseTo((4.0 / 22 + 4.0 / 18 + 2 + 2.0 / 7) / 4, within(EPS));
        // actuals 10, 10, 0, 4: mean 6, SST = 16 + 16 + 36 + 4 = 72, SSE = 9.25
        assertThat(acc.rSquared().getAsDouble()).isCloseTo(1 - 9.25 / 72, within(EPS));
        assertThat(acc.rSquared().getAsDouble()).isCloseTo(0.871527777777778, within(EPS));

        ForecastErrorSummary s = acc.snapshot();
        assertThat(s.count()).isEqualTo(4);
        assertThat(s.mae()).isEqualTo(acc.mae());
        assertThat(s.mapeSkipped()).isEqualTo(1);
        assertThat(s.rSquared()).isEqualTo(acc.rSquared());
    }

    @Test
    void equalsTheBatchFormulasOnAGeneratedSample() {
        int n = 10_000;
        double[] f = new double[n];
        double[] a = new double[n];
        Random random = new Random(7);
        for (int i = 0; i < n; i++) {
            a[i] = 50 + 10 * Math.sin(i / 30.0) + random.nextGaussian();
            if (i % 500 == 0) {
                a[i] = 0; // some actuals MAPE must skip
            }
            f[i] = a[i] + 0.8 * random.nextGaussian() + 0.1;
        }
        ForecastErrorAccumulator acc = new ForecastErrorAccumulator();
        for (int i = 0; i < n; i++) {
            acc.add(f[i], a[i]);
        }
        double sumAbs = 0;
        double sumSq = 0;
        double sumApe = 0;
        int apeCount = 0;
        double sumSape = 0;
        double sumA = 0;
        for (int i = 0; i < n; i++) {
            double e = f[i] - a[i];
            sumAbs += Math.abs(e);
            sumSq += e * e;
            if (Math.abs(a[i]) >= ForecastErrorAccumulator.DEFAULT_MAPE_EPSILON) {
                sumApe += Math.abs(e) / Math.abs(a[i]);
                apeCount++;
            }
            sumSape += 2 * Math.abs(e) / (Math.abs(f[i]) + Math.abs(a[i]));
            sumA += a[i];
        }
        double mean = sumA / n;
        double sst = 0;
        for (int i = 0; i < n; i++) {
            sst += (a[i] - mean) * (a[i] - mean);
        }
        assertThat(acc.count()).isEqualTo(n);
        assertThat(acc.mae().getAsDouble()).isCloseTo(sumAbs / n, within(EPS));
        assertThat(acc.rmse().getAsDouble()).isCloseTo(Math.sqrt(sumSq / n), within(EPS));
        assertThat(acc.mape().getAsDouble()).isCloseTo(sumApe / apeCount, within(EPS));
        assertThat(acc.mapeCount()).isEqualTo(apeCount).isEqualTo(n - 20);
        assertThat(acc.mapeSkipped()).isEqualTo(20);
        assertThat(acc.smape().getAsDouble()).isCloseTo(sumSape / n, within(EPS));
        assertThat(acc.rSquared().getAsDouble()).isCloseTo(1 - sumSq / sst, within(EPS));
        // sanity: the sample is a reasonable forecast, so the test does not pass on degenerate values
        assertThat(acc.rSquared().getAsDouble()).isBetween(0.5, 1.0);
    }

    @Test
    void mergeOfPartsEqualsOnePass() {
        Random random = new Random(11);
        ForecastErrorAccumulator whole = new ForecastErrorAccumulator();
        ForecastErrorAccumulator[] parts = {new ForecastErrorAccumulator(), new ForecastErrorAccumulator(),
            new ForecastErrorAccumulator(), new ForecastErrorAccumulator()};
        for (int i = 0; i < 3_000; i++) {
            double actual = (i < 1_000 ? 5 : 200) + 3 * random.nextGaussian(); // parts with very different means
            double forecast = actual + random.nextGaussian();
            whole.add(forecast, actual);
            parts[i < 1_000 ? 0 : i < 1_001 ? 1 : 2].add(forecast, actual); // part 3 stays empty
        }
        ForecastErrorAccumulator merged = new ForecastErrorAccumulator()
                .merge(parts[0]).merge(parts[3]).merge(parts[1]).merge(parts[2]);
        assertThat(merged.count()).isEqualTo(whole.count());
        assertThat(merged.mae().getAsDouble()).isCloseTo(whole.mae().getAsDouble(), within(EPS));
        assertThat(merged.rmse().getAsDouble()).isCloseTo(whole.rmse().getAsDouble(), within(EPS));
        assertThat(merged.mape().getAsDouble()).isCloseTo(whole.mape().getAsDouble(), within(EPS));
        assertThat(merged.smape().getAsDouble()).isCloseTo(whole.smape().getAsDouble(), within(EPS));
        assertThat(merged.rSquared().getAsDouble()).isCloseTo(whole.rSquared().getAsDouble(), within(EPS));
        assertThat(merged.mapeCount()).isEqualTo(whole.mapeCount());
        assertThat(parts[2].count()).as("merge leaves its argument unchanged").isEqualTo(1_999);
    }

    @Test
    void mergingWithItselfDoublesEveryPair() {
        ForecastErrorAccumulator acc = new ForecastErrorAccumulator().add(1, 2).add(4, 3).add(0, 5);
        ForecastErrorAccumulator twice = new ForecastErrorAccumulator().add(1, 2).add(4, 3).add(0, 5)
                .add(1, 2).add(4, 3).add(0, 5);
        acc.merge(acc);
        assertThat(acc.count()).isEqualTo(6);
        assertThat(acc.rSquared().getAsDouble()).isCloseTo(twice.rSquared().getAsDouble(), within(EPS));
        assertThat(acc.mae().getAsDouble()).isCloseTo(twice.mae().getAsDouble(), within(EPS));
    }

    @Test
    void metricsAreEmptyWhileUndefined() {
        ForecastErrorAccumulator acc = new ForecastErrorAccumulator();
        assertThat(acc.count()).isZero();
        assertThat(acc.mae()).isEmpty();
        assertThat(acc.rmse()).isEmpty();
        assertThat(acc.mape()).isEmpty();
        assertThat(acc.smape()).isEmpty();
        assertThat(acc.rSquared()).isEmpty();

        acc.add(1, 3);
        assertThat(acc.mae()).hasValue(2.0);
        assertThat(acc.rSquared()).as("one actual has no spread").isEmpty();

        ForecastErrorAccumulator constant = new ForecastErrorAccumulator().add(1, 2).add(3, 2).add(2, 2);
        assertThat(constant.rSquared()).as("constant actuals: SST = 0").isEmpty();

        ForecastErrorAccumulator zeros = new ForecastErrorAccumulator().add(0, 0).add(0, 0);
        assertThat(zeros.mape()).isEmpty();
        assertThat(zeros.mapeSkipped()).isEqualTo(2);
        assertThat(zeros.smape()).as("perfect zero forecasts").hasValue(0.0);
    }

    @Test
    void mapeSkipsActualsBelowTheEpsilon() {
        ForecastErrorAccumulator acc = new ForecastErrorAccumulator(0.5).add(1, 0.3).add(1, -0.49).add(3, 2)
                .add(1, -0.5);
        assertThat(acc.mapeSkipped()).isEqualTo(2);
        assertThat(acc.mapeCount()).isEqualTo(2);
        assertThat(acc.mape().getAsDouble()).isCloseTo((0.5 + 3.0) / 2, within(EPS)); // 1/2 and 1.5/0.5
    }

    @Test
    void refusesNonFiniteInputsAndMismatchedMerges() {
        ForecastErrorAccumulator acc = new ForecastErrorAccumulator().add(1, 1);
        assertThatThrownBy(() -> acc.add(Double.NaN, 1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forecast and actual must be finite, were forecast=NaN and actual=1.0");
        assertThatThrownBy(() -> acc.add(1, Double.POSITIVE_INFINITY)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("forecast and actual must be finite, were forecast=1.0 and actual=Infinity");
        assertThat(acc.count()).as("refused pairs are not counted").isEqualTo(1);
        assertThatThrownBy(() -> acc.merge(new ForecastErrorAccumulator(0.1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("different MAPE epsilons");
        assertThatThrownBy(() -> new ForecastErrorAccumulator(-1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("MAPE epsilon must be finite and >= 0, was -1.0");
    }
}
