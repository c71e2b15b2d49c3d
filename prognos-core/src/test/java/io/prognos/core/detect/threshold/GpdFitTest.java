package io.prognos.core.detect.threshold;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GpdFitTest {

    /** Inverse-CDF draws from a GPD. */
    static double[] gpd(SplittableRandom random, int n, double xi, double sigma) {
        double[] y = new double[n];
        for (int i = 0; i < n; i++) {
            double u = 1 - random.nextDouble();
            y[i] = xi == 0 ? -sigma * Math.log(u) : sigma * Math.expm1(-xi * Math.log(u)) / xi;
        }
        return y;
    }

    /**
     * n = 20,000 draws: the asymptotic standard deviation of the shape estimate is (1 + xi) / sqrt(n),
     * at most 0.0085, and of sigma-hat / sigma about sqrt(2 (1 + xi) / n) = 0.011; the tolerances (0.04
     * and 5%) are more than four standard deviations, so a seed cannot make the test flaky.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.2, 0.0, -0.2})
    void recoversTheParametersOfALargeSample(double xi) {
        double[] y = gpd(new SplittableRandom(11), 20_000, xi, 2.0);
        GpdFit fit = GpdFit.fit(y);
        assertThat(fit.xi()).isCloseTo(xi, within(0.04));
        assertThat(fit.sigma() / 2.0).isCloseTo(1.0, within(0.05));
        assertThat(fit.count()).isEqualTo(20_000);
        // the reported log-likelihood is the likelihood at the estimate, and no lower than at the truth
        assertThat(fit.logLikelihood()).isCloseTo(GpdFit.logLikelihood(y, fit.xi(), fit.sigma()), within(1e-6));
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(GpdFit.logLikelihood(y, xi, 2.0));
    }

    @ParameterizedTest
    @ValueSource(doubles = {0.5, 0.2, 0.0, -0.2, -0.4})
    void theEstimateIsALocalMaximumOfTheLikelihood(double xi) {
        for (int n : new int[]{50, 1000}) {
            double[] y = gpd(new SplittableRandom(3 + n), n, xi, 1.5);
            GpdFit fit = GpdFit.fit(y);
            double best = GpdFit.logLikelihood(y, fit.xi(), fit.sigma());
            for (double dx : new double[]{-0.01, 0, 0.01}) {
                for (double ds : new double[]{0.99, 1, 1.01}) {
                    assertThat(GpdFit.logLikelihood(y, fit.xi() + dx, fit.sigma() * ds))
                            .isLessThanOrEqualTo(best + 1e-9);
                }
            }
        }
    }

    @Test
    void censoredExcessesRemoveTheBiasOfDroppingTheTop() {
        double[] all = gpd(new SplittableRandom(5), 20_000, 0.2, 1.0);
        double level = new GpdFit(0.2, 1.0, 0, 1).excessQuantile(0.05);
        double[] kept = Arrays.stream(all).filter(v -> v <= level).toArray();
        double[] levels = new double[all.length - kept.length];
        Arrays.fill(levels, level);
        GpdFit dropped = GpdFit.fit(kept);
        GpdFit censored = GpdFit.fitCensored(kept, kept.length, levels, levels.length);
        assertThat(dropped.xi()).isLessThan(0.0);
        assertThat(censored.xi()).isCloseTo(0.2, within(0.05));
        assertThat(censored.sigma()).isCloseTo(1.0, within(0.05));
        // without censored values the censored fit is the plain one
        GpdFit plain = GpdFit.fitCensored(kept, kept.length, new double[0], 0);
        assertThat(plain).isEqualTo(dropped);
    }

    @Test
    void quantileAndSurvivalAreInverse() {
        for (double xi : new double[]{0.3, 0, -0.3}) {
            GpdFit fit = new GpdFit(xi, 2, 0, 1);
            for (double p : new double[]{0.5, 0.05, 1e-4}) {
                assertThat(fit.survival(fit.excessQuantile(p))).isCloseTo(p, within(p * 1e-12));
            }
        }
        assertThat(new GpdFit(0, 2, 0, 1).excessQuantile(Math.exp(-3))).isCloseTo(6, within(1e-12));
        assertThat(new GpdFit(-0.5, 1, 0, 1).survival(2.5)).isZero();
    }

    @Test
    void degenerateInputIsRefused() {
        assertThatThrownBy(() -> GpdFit.fit(new double[]{1.5, 1.5, 1.5, 1.5}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all equal");
        assertThatThrownBy(() -> GpdFit.fit(new double[]{1, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 3");
        assertThatThrownBy(() -> GpdFit.fit(new double[]{1, 2, -1}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("> 0");
        assertThatThrownBy(() -> GpdFit.fit(new double[]{1, 2, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> GpdFit.fit(new double[]{1, 2, Double.POSITIVE_INFINITY}))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GpdFit(0.1, 0, 0, 3)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void threeDistinctValuesAreEnough() {
        GpdFit fit = GpdFit.fit(new double[]{0.5, 1, 3});
        assertThat(fit.sigma()).isPositive();
        assertThat(fit.logLikelihood()).isCloseTo(GpdFit.logLikelihood(new double[]{0.5, 1, 3}, fit.xi(), fit.sigma()),
                within(1e-9));
    }
}
