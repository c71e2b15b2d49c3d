package io.prognos.core.forecast;

/**
 * The forecasts of consecutive stride-1 windows, read in order and computed a chunk at a time through
 * {@link Forecaster#forecastWindows}, so batched forecasters run in batches while memory stays bounded.
 */
final class WindowForecasts {

    private static final int CHUNK = 512;

    private final Forecaster forecaster;
    private final double[][] rows;
    private final int firstInputStart;
    private final int windows;
    private double[][][] chunk = new double[0][][];
    private int chunkStart;

    /** Window {@code i} reads rows {@code [firstInputStart + i, firstInputStart + i + inputLength)}. */
    WindowForecasts(Forecaster forecaster, double[][] rows, int firstInputStart, int windows) {
        this.forecaster = forecaster;
        this.rows = rows;
        this.firstInputStart = firstInputStart;
        this.windows = windows;
    }

    /** The forecast of window {@code i}; windows must be read in increasing order. */
    double[][] get(int i) {
        if (i < chunkStart) {
            throw new IllegalStateException("window " + i + " read after window " + chunkStart);
        }
        if (i >= chunkStart + chunk.length) {
            chunkStart = i;
            int n = Math.min(CHUNK, windows - i);
            int[] starts = new int[n];
            for (int j = 0; j < n; j++) {
                starts[j] = firstInputStart + i + j;
            }
            chunk = forecaster.forecastWindows(rows, starts);
        }
        return chunk[i - chunkStart];
    }
}
