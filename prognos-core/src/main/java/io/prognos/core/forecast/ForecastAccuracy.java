package io.prognos.core.forecast;

/**
 * Mean squared and mean absolute error of a forecaster over every window of a segment, averaged over
 * windows, horizon steps and columns: the protocol of the long-horizon forecasting literature (ETT),
 * where window {@code i} reads rows {@code [from + i, from + i + inputLength)} and is scored on the
 * next {@code horizon} rows, with stride 1.
 *
 * @param windows  windows scored
 * @param coverage share of target values inside the given prediction intervals; NaN when none were given
 */
public record ForecastAccuracy(double mse, double mae, long windows, double coverage) {

    /**
     * @param rows the series {@code [row][column]} (already on the scale the errors are wanted on)
     * @param from first row of the first input window
     * @param to   end (exclusive) of the rows the last window's targets may use
     */
    public static ForecastAccuracy evaluate(Forecaster forecaster, double[][] rows, int from, int to) {
        return evaluate(forecaster, rows, from, to, null);
    }

    /**
     * As {@link #evaluate(Forecaster, double[][], int, int)}, also counting how many targets lie within
     * {@code forecast +- halfWidths[step]} (e.g. from {@link ResidualPaths#halfWidths}).
     */
    public static ForecastAccuracy evaluate(Forecaster forecaster, double[][] rows, int from, int to, double[] halfWidths) {
        ForecastShape shape = forecaster.shape();
        int windows = to - from - shape.inputLength() - shape.horizon() + 1;
        if (from < 0 || to > rows.length || windows < 1) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") of " + rows.length + " hold no complete window of "
                    + shape.inputLength() + " + " + shape.horizon());
        }
        if (halfWidths != null && halfWidths.length < shape.horizon()) {
            throw new IllegalArgumentException("interval half-widths cover " + halfWidths.length + " steps, the horizon is "
                    + shape.horizon());
        }
        double squared = 0;
        double absolute = 0;
        long count = 0;
        long inside = 0;
        for (int i = 0; i < windows; i++) {
            int inputStart = from + i;
            double[][] history = java.util.Arrays.copyOfRange(rows, inputStart, inputStart + shape.inputLength());
            double[][] forecast = forecaster.forecast(history);
            for (int h = 0; h < shape.horizon(); h++) {
                double[] actual = rows[inputStart + shape.inputLength() + h];
                for (int c = 0; c < actual.length; c++) {
                    double e = forecast[h][c] - actual[c];
                    squared += e * e;
                    absolute += Math.abs(e);
                    count++;
                    if (halfWidths != null && Math.abs(e) <= halfWidths[h]) {
                        inside++;
                    }
                }
            }
        }
        return new ForecastAccuracy(squared / count, absolute / count, windows,
                halfWidths == null ? Double.NaN : (double) inside / count);
    }
}
