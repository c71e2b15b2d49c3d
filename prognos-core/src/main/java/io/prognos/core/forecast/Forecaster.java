package io.prognos.core.forecast;

/**
 * Forecasts every column of a multivariate series a fixed number of steps ahead from the last
 * {@link ForecastShape#inputLength()} rows. Implementations treat columns independently (the
 * channel-independent setting of DLinear and PatchTST), so the same forecaster serves one sensor or
 * all sensors of an asset.
 */
public interface Forecaster {

    /** Short name for reports and model records, e.g. {@code ridge}. */
    String name();

    ForecastShape shape();

    /**
     * The forecast {@code [step][column]} for the {@link ForecastShape#horizon()} steps after the last row
     * of {@code history} ({@code [row][column]}), which must hold at least the input length of rows.
     *
     * @throws IllegalArgumentException when the history is too short or not finite
     */
    double[][] forecast(double[][] history);

    /**
     * Forecasts of many windows: window {@code i} reads rows {@code [inputStarts[i], inputStarts[i] +
     * inputLength)} of {@code rows}; the result is {@code [window][step][column]}. Forecasters that run on
     * a batched engine override this to forecast the windows together.
     */
    default double[][][] forecastWindows(double[][] rows, int[] inputStarts) {
        int length = shape().inputLength();
        double[][][] out = new double[inputStarts.length][][];
        for (int i = 0; i < inputStarts.length; i++) {
            out[i] = forecast(java.util.Arrays.copyOfRange(rows, inputStarts[i], inputStarts[i] + length));
        }
        return out;
    }

    /** Checks the history and returns the start row of its last input window. */
    static int inputStart(double[][] history, ForecastShape shape) {
        if (history.length < shape.inputLength()) {
            throw new IllegalArgumentException("forecasting needs the last " + shape.inputLength() + " rows, the history has "
                    + history.length);
        }
        int start = history.length - shape.inputLength();
        for (int r = start; r < history.length; r++) {
            for (int c = 0; c < history[r].length; c++) {
                if (!Double.isFinite(history[r][c])) {
                    throw new IllegalArgumentException("history row " + r + ", column " + c + " is " + history[r][c]
                            + "; forecasters need finite values");
                }
            }
        }
        return start;
    }
}
