package io.prognos.core.forecast;

/**
 * Accuracy of a forecaster over every window of a segment, averaged over windows, horizon steps and
 * columns: the protocol of the long-horizon forecasting literature (ETT), where window {@code i} reads
 * rows {@code [from + i, from + i + inputLength)} and is scored on the next {@code horizon} rows, with
 * stride 1.
 *
 * @param mse      mean squared error
 * @param mae      mean absolute error
 * @param smape    symmetric mean absolute percentage error, {@code mean(2|e| / (|y| + |f|))} in [0, 2]
 *                 (a pair with both values 0 counts as 0); meaningful only on the signal's own scale
 * @param r2       coefficient of determination, {@code 1 - SSE / SST} with SST about the targets' mean
 * @param windows  windows scored
 * @param coverage share of target values inside the given prediction intervals; NaN when none were given
 */
public record ForecastAccuracy(double mse, double mae, double smape, double r2, long windows, double coverage) {

    /** Reports errors on the rows' own scale. */
    public static ForecastAccuracy evaluate(Forecaster forecaster, double[][] rows, int from, int to) {
        return evaluate(forecaster, rows, from, to, null, 0, 1);
    }

    /**
     * As {@link #evaluate(Forecaster, double[][], int, int)}, also counting how many targets lie within
     * {@code forecast +- halfWidths[step]} (e.g. from {@link ResidualPaths#halfWidths}; on the rows' scale).
     */
    public static ForecastAccuracy evaluate(Forecaster forecaster, double[][] rows, int from, int to, double[] halfWidths) {
        return evaluate(forecaster, rows, from, to, halfWidths, 0, 1);
    }

    /**
     * The full form: the rows are on a scaled axis ({@code scaled = (value - center) / scale}) and every
     * figure is reported in the signal's own units.
     *
     * @param from first row of the first input window
     * @param to   end (exclusive) of the rows the last window's targets may use
     */
    public static ForecastAccuracy evaluate(Forecaster forecaster, double[][] rows, int from, int to, double[] halfWidths,
                                            double center, double scale) {
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
        double percentage = 0;
        // sums of targets shifted by the first target, so that the variance of a signal far from zero keeps
        // its digits (sum of squares minus square of sum cancels catastrophically otherwise)
        double shift = center + rows[from + shape.inputLength()][0] * scale;
        double actualSum = 0;
        double actualSquares = 0;
        long count = 0;
        long inside = 0;
        WindowForecasts forecasts = new WindowForecasts(forecaster, rows, from, windows);
        for (int i = 0; i < windows; i++) {
            int inputStart = from + i;
            double[][] forecast = forecasts.get(i);
            for (int h = 0; h < shape.horizon(); h++) {
                double[] actual = rows[inputStart + shape.inputLength() + h];
                for (int c = 0; c < actual.length; c++) {
                    double scaledError = forecast[h][c] - actual[c];
                    if (halfWidths != null && Math.abs(scaledError) <= halfWidths[h]) {
                        inside++;
                    }
                    double y = center + actual[c] * scale;
                    double f = center + forecast[h][c] * scale;
                    double e = f - y;
                    squared += e * e;
                    absolute += Math.abs(e);
                    double denominator = Math.abs(y) + Math.abs(f);
                    percentage += denominator == 0 ? 0 : 2 * Math.abs(e) / denominator;
                    actualSum += y - shift;
                    actualSquares += (y - shift) * (y - shift);
                    count++;
                }
            }
        }
        double mean = actualSum / count;
        double total = actualSquares - count * mean * mean;
        double r2 = total > 0 ? 1 - squared / total : Double.NaN;
        return new ForecastAccuracy(squared / count, absolute / count, percentage / count, r2, windows,
                halfWidths == null ? Double.NaN : (double) inside / count);
    }
}
