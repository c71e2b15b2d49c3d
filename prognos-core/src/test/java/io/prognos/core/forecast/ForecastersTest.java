package io.prognos.core.forecast;

import io.prognos.core.io.ett.EttSplit;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class ForecastersTest {

    /** Two columns: a daily cycle at different levels and amplitudes, and nothing else. */
    private static double[][] cycles(int n) {
        double[][] rows = new double[n][2];
        for (int t = 0; t < n; t++) {
            rows[t][0] = Math.sin(2 * Math.PI * t / 24);
            rows[t][1] = 50 + 3 * Math.cos(2 * Math.PI * t / 24 + 0.4);
        }
        return rows;
    }

    @Test
    void seasonalNaiveIsExactOnAPeriodicSeries() {
        ForecastShape shape = new ForecastShape(48, 30);
        ForecastAccuracy a = ForecastAccuracy.evaluate(new SeasonalNaiveForecaster(shape, 24), cycles(500), 100, 500);

        assertThat(a.mse()).isCloseTo(0, within(1e-20));
        assertThat(a.windows()).isEqualTo(500 - 100 - 48 - 30 + 1);
    }

    @Test
    void accuracyFiguresHaveKnownAnswersOnTheSignalsOwnScale() {
        double[][] scaled = {{0}, {1}, {2}, {3}};
        Forecaster alwaysTwo = new Forecaster() {
            @Override
            public String name() {
                return "two";
            }

            @Override
            public ForecastShape shape() {
                return new ForecastShape(1, 1);
            }

            @Override
            public double[][] forecast(double[][] history) {
                return new double[][] {{2}};
            }
        };
        // on the scaled axis value = 10 + 5 x scaled: targets 15, 20, 25; forecasts 20 each
        ForecastAccuracy a = ForecastAccuracy.evaluate(alwaysTwo, scaled, 0, 4, new double[] {0.5}, 10, 5);

        assertThat(a.windows()).isEqualTo(3);
        assertThat(a.mse()).isCloseTo((25 + 0 + 25) / 3.0, within(1e-12));
        assertThat(a.mae()).isCloseTo(10 / 3.0, within(1e-12));
        assertThat(a.smape()).isCloseTo((2 * 5 / 35.0 + 0 + 2 * 5 / 45.0) / 3, within(1e-12));
        assertThat(a.r2()).as("SST = 50, SSE = 50").isCloseTo(0, within(1e-12));
        assertThat(a.coverage()).isCloseTo(1 / 3.0, within(1e-12));

        // the same targets a billion units up: R^2 must not lose its digits to the offset
        ForecastAccuracy far = ForecastAccuracy.evaluate(alwaysTwo, scaled, 0, 4, null, 1e9 + 10, 5);
        assertThat(far.r2()).isCloseTo(0, within(1e-9));
        ForecastAccuracy farTight = ForecastAccuracy.evaluate(alwaysTwo, scaled, 0, 4, null, 1e9 + 10, 1e-3);
        assertThat(farTight.r2()).as("SST = 2e-6, SSE = 2e-6").isCloseTo(0, within(1e-3));
    }

    @Test
    void driftContinuesAStraightLine() {
        double[][] line = new double[20][1];
        for (int t = 0; t < line.length; t++) {
            line[t][0] = 3 + 0.5 * t;
        }
        double[][] f = new DriftForecaster(new ForecastShape(10, 3)).forecast(line);

        assertThat(f[0][0]).isCloseTo(3 + 0.5 * 20, within(1e-12));
        assertThat(f[2][0]).isCloseTo(3 + 0.5 * 22, within(1e-12));
    }

    @Test
    void sharedRidgeLearnsACycleOnceForColumnsOfDifferentLevels() {
        double[][] rows = cycles(1200);
        ForecastShape shape = new ForecastShape(48, 24);
        RidgeForecaster ridge = RidgeForecaster.fit(java.util.Arrays.copyOfRange(rows, 0, 800), shape, 1e-10);

        ForecastAccuracy a = ForecastAccuracy.evaluate(ridge, rows, 800 - 48, 1200);

        assertThat(a.mse()).isLessThan(1e-8);
        double[][] f = ridge.forecast(java.util.Arrays.copyOfRange(rows, 1000, 1048));
        assertThat(f[5][1]).isCloseTo(rows[1053][1], within(1e-4));
    }

    @Test
    void decompositionSplitsAWindowIntoItsMovingAverageTrendAndTheRemainder() {
        double[] window = new double[30];
        for (int j = 0; j < window.length; j++) {
            window[j] = j;
        }
        double[] features = new double[60];

        double level = WindowFeatures.DECOMPOSED.extract(window, 30, features);

        assertThat(level).isZero();
        assertThat(features[30 + 15]).as("a centred average of a line is the line").isCloseTo(15, within(1e-12));
        assertThat(features[15]).isCloseTo(0, within(1e-12));
        // at the start the padding repeats the first value: (12 x 0 + 0 + 1 + ... + 12) / 25
        assertThat(features[30]).isCloseTo(78.0 / 25, within(1e-12));
        assertThat(features[0] + features[30]).isEqualTo(window[0]);
    }

    @Test
    void dlinearLearnsACycleInClosedForm() {
        double[][] rows = cycles(1200);
        ForecastShape shape = new ForecastShape(48, 24);
        RidgeForecaster dlinear = RidgeForecaster.Gram.of(java.util.Arrays.copyOfRange(rows, 0, 800), shape,
                WindowFeatures.DECOMPOSED).solve(1e-10);

        assertThat(dlinear.name()).isEqualTo("dlinear");
        assertThat(ForecastAccuracy.evaluate(dlinear, rows, 800 - 48, 1200).mse()).isLessThan(1e-6);
    }

    @Test
    void strongRegularisationShrinksTowardsTheWindowMean() {
        double[][] rows = cycles(600);
        RidgeForecaster flat = RidgeForecaster.fit(rows, new ForecastShape(24, 6), 1e9);
        double[][] history = java.util.Arrays.copyOfRange(rows, 100, 124);

        double[][] f = flat.forecast(history);

        assertThat(f[0][1]).as("the mean of a whole cycle").isCloseTo(50, within(0.05));
        assertThat(f[5][1]).as("flat: the cycle is regularised away").isCloseTo(f[0][1], within(1e-3));
    }

    @Test
    void badInputIsRefusedWithWhatIsWrong() {
        ForecastShape shape = new ForecastShape(10, 5);
        assertThatThrownBy(() -> new ForecastShape(0, 5)).hasMessageContaining(">= 1");
        assertThatThrownBy(() -> new DriftForecaster(shape).forecast(new double[9][1]))
                .hasMessageContaining("last 10 rows").hasMessageContaining("has 9");
        double[][] withNaN = new double[10][1];
        withNaN[7][0] = Double.NaN;
        assertThatThrownBy(() -> new DriftForecaster(shape).forecast(withNaN)).hasMessageContaining("row 7");
        assertThatThrownBy(() -> RidgeForecaster.fit(new double[14][1], shape, 1)).hasMessageContaining("no complete window");
        assertThatThrownBy(() -> RidgeForecaster.fit(new double[20][1], shape, 0)).hasMessageContaining("lambda");
        assertThatThrownBy(() -> new SeasonalNaiveForecaster(shape, 11)).hasMessageContaining("period");
    }

    @Test
    void ettSplitBordersFollowTheStandardProtocol() {
        EttSplit hourly = EttSplit.forDataset("ETTh1");
        assertThat(hourly.trainEnd()).isEqualTo(8_640);
        assertThat(hourly.validationEnd()).isEqualTo(11_520);
        assertThat(hourly.testEnd()).isEqualTo(14_400);
        assertThat(hourly.testStart(336)).isEqualTo(11_520 - 336);
        assertThat(hourly.validationStart(96)).isEqualTo(8_640 - 96);
        EttSplit quarterHourly = EttSplit.forDataset("ETTm1");
        assertThat(quarterHourly.trainEnd()).isEqualTo(34_560);
        assertThat(quarterHourly.testEnd()).isEqualTo(57_600);
        assertThatThrownBy(() -> EttSplit.forDataset("weather")).hasMessageContaining("ETTh1");
    }
}
