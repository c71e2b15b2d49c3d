package io.prognos.core.forecast;

/**
 * Extends the straight line through the first and last values of the input window: the forecast for
 * step {@code h} (0-based) is {@code last + (h + 1) * (last - first) / (inputLength - 1)}. The baseline
 * for trending signals, such as a slowly degrading component.
 */
public record DriftForecaster(ForecastShape shape) implements Forecaster {

    public DriftForecaster {
        if (shape.inputLength() < 2) {
            throw new IllegalArgumentException("the drift forecaster needs an input length of at least 2");
        }
    }

    @Override
    public String name() {
        return "drift";
    }

    @Override
    public double[][] forecast(double[][] history) {
        int start = Forecaster.inputStart(history, shape);
        int width = history[start].length;
        double[] last = history[history.length - 1];
        double[][] out = new double[shape.horizon()][width];
        for (int c = 0; c < width; c++) {
            double slope = (last[c] - history[start][c]) / (shape.inputLength() - 1);
            for (int h = 0; h < out.length; h++) {
                out[h][c] = last[c] + (h + 1) * slope;
            }
        }
        return out;
    }
}
