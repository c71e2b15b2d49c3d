package io.prognos.core.forecast;

import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class BlendedForecasterTest {

    /** Forecasts the last row plus a fixed offset for every step; reads {@code inputLength} rows. */
    private static Forecaster lastPlus(double offset, int inputLength, int horizon) {
        return new Forecaster() {
            @Override
            public String name() {
                return "last" + offset;
            }

            @Override
            public ForecastShape shape() {
                return new ForecastShape(inputLength, horizon);
            }

            @Override
            public double[][] forecast(double[][] history) {
                Forecaster.inputStart(history, shape());
                double[][] out = new double[horizon][];
                for (int h = 0; h < horizon; h++) {
                    out[h] = history[history.length - 1].clone();
                    for (int c = 0; c < out[h].length; c++) {
                        out[h][c] += offset;
                    }
                }
                return out;
            }
        };
    }

    private static double[][] constant(int n) {
        double[][] rows = new double[n][2];
        for (double[] row : rows) {
            Arrays.fill(row, 3);
        }
        return rows;
    }

    @Test
    void fittedWeightCancelsOpposingBiasesExactly() {
        // errors +1 and -3: 0.75 x 1 + 0.25 x (-3) = 0
        BlendedForecaster blend = BlendedForecaster.fitWeight(lastPlus(1, 5, 4), lastPlus(-3, 5, 4), constant(60), 0, 60);
        assertThat(blend.weight()).isCloseTo(0.75, within(1e-12));
        assertThat(ForecastAccuracy.evaluate(blend, constant(60), 0, 60).mse()).isCloseTo(0, within(1e-20));
        assertThat(blend.name()).isEqualTo("last1.0+last-3.0");
    }

    @Test
    void anExactPartTakesTheWholeWeightWhicheverSideItIsOn() {
        double[][] cycle = new double[400][1];
        for (int t = 0; t < cycle.length; t++) {
            cycle[t][0] = Math.sin(2 * Math.PI * t / 24) + 0.01 * t;
        }
        Forecaster seasonal = new SeasonalNaiveForecaster(new ForecastShape(48, 12), 24);
        Forecaster last = lastPlus(0, 10, 12);
        // seasonal naive is off by the trend of one day (0.24); the last value is off by the cycle: neither is exact,
        // so the fitted blend must beat both and every nearby weight
        BlendedForecaster blend = BlendedForecaster.fitWeight(seasonal, last, cycle, 0, 300);
        double fitted = ForecastAccuracy.evaluate(blend, cycle, 0, 300).mse();
        assertThat(fitted).isLessThan(ForecastAccuracy.evaluate(new BlendedForecaster(seasonal, last, 1), cycle, 0, 300).mse())
                .isLessThan(ForecastAccuracy.evaluate(new BlendedForecaster(seasonal, last, 0), cycle, 0, 300).mse());
        for (double dw : new double[] {-0.02, 0.02}) {
            double w = Math.max(0, Math.min(1, blend.weight() + dw));
            assertThat(ForecastAccuracy.evaluate(new BlendedForecaster(seasonal, last, w), cycle, 0, 300).mse())
                    .isGreaterThanOrEqualTo(fitted);
        }

        double[][] pure = new double[400][1];
        for (int t = 0; t < pure.length; t++) {
            pure[t][0] = Math.sin(2 * Math.PI * t / 24);
        }
        assertThat(BlendedForecaster.fitWeight(seasonal, last, pure, 0, 300).weight()).isCloseTo(1, within(1e-9));
        assertThat(BlendedForecaster.fitWeight(last, seasonal, pure, 0, 300).weight()).isCloseTo(0, within(1e-9));
    }

    @Test
    void partsReadTheirOwnMostRecentRowsSoBatchedAndSingleForecastsAgree() {
        double[][] rows = new double[200][2];
        for (int t = 0; t < rows.length; t++) {
            rows[t][0] = Math.sin(t / 3.0);
            rows[t][1] = Math.cos(t / 7.0) * 4;
        }
        BlendedForecaster blend = new BlendedForecaster(new SeasonalNaiveForecaster(new ForecastShape(48, 6), 24),
                lastPlus(0.5, 10, 6), 0.3);
        assertThat(blend.shape()).isEqualTo(new ForecastShape(48, 6));
        int[] starts = {0, 17, 140};
        double[][][] batched = blend.forecastWindows(rows, starts);
        for (int i = 0; i < starts.length; i++) {
            double[][] single = blend.forecast(Arrays.copyOfRange(rows, starts[i], starts[i] + 48));
            double[] last = rows[starts[i] + 47];
            for (int h = 0; h < 6; h++) {
                assertThat(batched[i][h]).containsExactly(single[h]);
                double seasonal = rows[starts[i] + 48 - 24 + h][0];
                assertThat(single[h][0]).isCloseTo(0.3 * seasonal + 0.7 * (last[0] + 0.5), within(1e-12));
            }
        }
        assertThatThrownBy(() -> blend.forecast(Arrays.copyOfRange(rows, 0, 20))).hasMessageContaining("last 48 rows");
    }

    @Test
    void refusesMismatchedHorizonsBadWeightsAndTooFewRows() {
        assertThatThrownBy(() -> new BlendedForecaster(lastPlus(0, 5, 4), lastPlus(0, 5, 6), 0.5))
                .hasMessageContaining("share the horizon, got 4 (last0.0) and 6 (last0.0)");
        assertThatThrownBy(() -> new BlendedForecaster(lastPlus(0, 5, 4), lastPlus(0, 5, 4), 1.5))
                .hasMessageContaining("[0, 1], got 1.5");
        assertThatThrownBy(() -> new BlendedForecaster(lastPlus(0, 5, 4), lastPlus(0, 5, 4), Double.NaN))
                .hasMessageContaining("got NaN");
        assertThatThrownBy(() -> BlendedForecaster.fitWeight(lastPlus(0, 5, 4), lastPlus(1, 8, 4), constant(20), 10, 20))
                .hasMessageContaining("no complete window of 8 + 4");
    }

    @Test
    void savedBlendOfTwoRidgesRestoresToIdenticalForecastsAndBrokenBytesAreRefused() {
        double[][] rows = new double[300][1];
        for (int t = 0; t < rows.length; t++) {
            rows[t][0] = Math.sin(2 * Math.PI * t / 24) + 0.3 * Math.cos(t / 5.0);
        }
        double[][] train = Arrays.copyOf(rows, 200);
        RidgeForecaster shortRidge = RidgeForecaster.fit(train, new ForecastShape(24, 6), 1e-3);
        RidgeForecaster dlinear = RidgeForecaster.Gram.of(train, new ForecastShape(48, 6), WindowFeatures.DECOMPOSED)
                .solve(1e-2);
        BlendedForecaster blend = BlendedForecaster.fitWeight(shortRidge, dlinear, rows, 150, 250);
        byte[] bytes = blend.toBytes(shortRidge.toBytes(), dlinear.toBytes());

        BlendedForecaster restored = BlendedForecaster.fromBytes(bytes, RidgeForecaster::fromBytes, RidgeForecaster::fromBytes);
        assertThat(restored.weight()).isEqualTo(blend.weight());
        assertThat(restored.name()).isEqualTo("ridge+dlinear");
        double[][] history = Arrays.copyOfRange(rows, 200, 300);
        double[][] expected = blend.forecast(history);
        double[][] actual = restored.forecast(history);
        for (int h = 0; h < 6; h++) {
            assertThat(actual[h]).containsExactly(expected[h]);
        }

        assertThatThrownBy(() -> BlendedForecaster.fromBytes(Arrays.copyOf(bytes, bytes.length - 9),
                RidgeForecaster::fromBytes, RidgeForecaster::fromBytes)).hasMessageContaining("second part claims");
        assertThatThrownBy(() -> BlendedForecaster.fromBytes(dlinear.toBytes(), RidgeForecaster::fromBytes,
                RidgeForecaster::fromBytes)).hasMessageContaining("not a blended forecaster");
        byte[] ridgeBytes = dlinear.toBytes();
        assertThatThrownBy(() -> RidgeForecaster.fromBytes(Arrays.copyOf(ridgeBytes, ridgeBytes.length - 8)))
                .hasMessageContaining("truncated or corrupt ridge forecaster");
        assertThatThrownBy(() -> RidgeForecaster.fromBytes(bytes)).hasMessageContaining("not a ridge forecaster");
    }
}
