package io.prognos.core.detect.threshold;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class GevFitTest {

    /** Inverse-CDF draws from a GEV. */
    static double[] gev(SplittableRandom random, int n, double xi, double mu, double sigma) {
        double[] z = new double[n];
        for (int i = 0; i < n; i++) {
            double y = -Math.log(1 - random.nextDouble()); // -log G(z), exponential
            z[i] = xi == 0 ? mu - sigma * Math.log(y) : mu + sigma * Math.expm1(-xi * Math.log(y)) / xi;
        }
        return z;
    }

    /**
     * 5,000 maxima: the asymptotic standard deviations are about 1/sqrt(n) x (0.8 to 1.0) for xi,
     * (1.1 to 1.2) sigma/sqrt(n) for mu and 0.8 sigma/sqrt(n) for sigma, i.e. about 0.014, 0.008 and
     * 0.006 here (sigma = 0.5); the tolerances are over four of them.
     */
    @ParameterizedTest
    @ValueSource(doubles = {0.0, 0.2, -0.2})
    void recoversTheParametersOfLargeSamples(double xi) {
        double[] z = gev(new SplittableRandom(21), 5_000, xi, 2.0, 0.5);
        GevFit fit = GevFit.fit(z);
        assertThat(fit.xi()).isCloseTo(xi, within(0.06));
        assertThat(fit.mu()).isCloseTo(2.0, within(0.04));
        assertThat(fit.sigma()).isCloseTo(0.5, within(0.03));
        assertThat(fit.logLikelihood()).isCloseTo(GevFit.logLikelihood(z, fit.xi(), fit.mu(), fit.sigma()), within(1e-9));
        assertThat(fit.logLikelihood()).isGreaterThanOrEqualTo(GevFit.logLikelihood(z, xi, 2.0, 0.5));

        // the return level for block risk 1% against the analytic quantile of the true law: by the
        // delta method its standard error is 1% to 3% of the level here (largest for xi = 0.2, where
        // d level / d xi is about 10), so 8%
        double analytic = xi == 0 ? 2.0 - 0.5 * Math.log(-Math.log(0.99))
                : 2.0 + 0.5 * (Math.pow(-Math.log(0.99), -xi) - 1) / xi;
        assertThat(fit.returnLevel(0.01)).isCloseTo(analytic, within(0.08 * analytic));
    }

    @Test
    void returnLevelInvertsTheDistributionFunction() {
        for (double xi : new double[]{0.3, 0, -0.3}) {
            GevFit fit = new GevFit(xi, 1, 2, 0, 10);
            for (double p : new double[]{0.5, 0.01, 1e-6}) {
                assertThat(fit.cdf(fit.returnLevel(p))).isCloseTo(1 - p, within(1e-12));
            }
        }
        // Gumbel: mu - sigma log(-log(1 - p))
        assertThat(new GevFit(0, 1, 2, 0, 10).returnLevel(0.01)).isCloseTo(1 - 2 * Math.log(-Math.log(0.99)), within(1e-12));
        // the likelihood is continuous at xi = 0
        double[] z = gev(new SplittableRandom(2), 50, 0, 0, 1);
        assertThat(GevFit.logLikelihood(z, 1e-12, 0, 1)).isCloseTo(GevFit.logLikelihood(z, 0, 0, 1), within(1e-6));
    }

    /**
     * Exp(1) scores, risk 1e-4 per score: the analytic threshold is -ln(1e-4) = 9.21. Blocks of 100
     * exponentials have maxima close to Gumbel(ln 100, 1); 2,000 blocks give the return level for
     * block risk 1% with a standard error of about 0.1, so the tolerance is 0.4.
     */
    @Test
    void blockMaximaThresholdOfExponentialScoresMatchesTheAnalyticQuantile() {
        SplittableRandom random = new SplittableRandom(8);
        double[] scores = new double[200_000];
        for (int i = 0; i < scores.length; i++) {
            scores[i] = -Math.log(1 - random.nextDouble());
        }
        GevThreshold gev = new GevThreshold(new GevConfig(1e-4, 100));
        GevFit fit = gev.fit(scores);
        assertThat(fit.xi()).isCloseTo(0, within(0.06));
        assertThat(gev.select(scores)).isCloseTo(-Math.log(1e-4), within(0.4));
    }

    @Test
    void blocksEndAtTheNewestScore() {
        double[] scores = {9, 1, 2, 3, 4, 5, 6, 7};
        assertThat(new GevThreshold(new GevConfig(0.01, 3)).blockMaxima(scores)).containsExactly(4, 7);
    }

    @Test
    void degenerateInputIsRefused() {
        assertThatThrownBy(() -> GevFit.fit(new double[]{1, 2, 3}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 5");
        assertThatThrownBy(() -> GevFit.fit(new double[]{2, 2, 2, 2, 2, 2}))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all equal");
        assertThatThrownBy(() -> GevFit.fit(new double[]{1, 2, 3, 4, Double.NaN}))
                .isInstanceOf(IllegalArgumentException.class);
        GevThreshold gev = new GevThreshold(new GevConfig(0.01, 10));
        assertThatThrownBy(() -> gev.select(new double[45]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("4 blocks");
        assertThatThrownBy(() -> gev.select(new double[100]))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("all equal");
    }

    @Test
    void configIsValidated() {
        assertThatThrownBy(() -> new GevConfig(0, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GevConfig(1, 10)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new GevConfig(0.01, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThat(GevConfig.defaults().withRisk(1e-3).withBlockSize(50)).isEqualTo(new GevConfig(1e-3, 50));
    }
}
