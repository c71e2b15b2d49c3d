package io.prognos.core.forecast;

/**
 * Repeats the last observed season: the forecast for step {@code h} (0-based) is the value one or more
 * whole periods before it, {@code x[n - period + (h mod period)]}. The baseline every seasonal
 * forecaster must beat.
 */
public record SeasonalNaiveForecaster(ForecastShape shape, int period) implements Forecaster {

    public SeasonalNaiveForecaster {
        if (period < 1 || period > shape.inputLength()) {
            throw new IllegalArgumentException("season period must be in [1, input length " + shape.inputLength()
                    + "], got " + period);
        }
    }

    @Override
    public String name() {
        return "seasonal-naive";
    }

    @Override
    public double[][] forecast(double[][] history) {
        Forecaster.inputStart(history, shape);
        int n = history.length;
        double[][] out = new double[shape.horizon()][];
        for (int h = 0; h < out.length; h++) {
            out[h] = history[n - period + (h % period)].clone();
        }
        return out;
    }
}
