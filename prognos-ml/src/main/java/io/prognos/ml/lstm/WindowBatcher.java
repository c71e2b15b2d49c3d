package io.prognos.ml.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.prognos.core.detect.predict.WindowedSeries;

/**
 * Copies sliding windows of a series into float tensors of shape {@code [batch, windowLength, columns]}
 * (inputs) and {@code [batch, predictionSteps]} (targets), so that no window array is ever
 * materialised for the whole series.
 */
final class WindowBatcher {

    private final WindowedSeries series;
    private final float[][] rows;

    WindowBatcher(WindowedSeries series) {
        this.series = series;
        double[][] source = series.rows();
        this.rows = new float[source.length][];
        for (int i = 0; i < source.length; i++) {
            float[] row = new float[source[i].length];
            for (int j = 0; j < row.length; j++) {
                row[j] = (float) source[i][j];
            }
            rows[i] = row;
        }
    }

    int predictionSteps() {
        return series.predictionSteps();
    }

    NDArray inputs(NDManager manager, int[] windows, int from, int to) {
        int length = series.windowLength();
        int width = series.width();
        float[] data = new float[(to - from) * length * width];
        int k = 0;
        for (int b = from; b < to; b++) {
            int start = windows[b];
            for (int r = start; r < start + length; r++) {
                System.arraycopy(rows[r], 0, data, k, width);
                k += width;
            }
        }
        return manager.create(data, new Shape(to - from, length, width));
    }

    /** Inputs for consecutive windows {@code [from, to)}. */
    NDArray consecutiveInputs(NDManager manager, int from, int to) {
        int[] windows = new int[to - from];
        for (int i = 0; i < windows.length; i++) {
            windows[i] = from + i;
        }
        return inputs(manager, windows, 0, windows.length);
    }

    NDArray targets(NDManager manager, int[] windows, int from, int to) {
        int steps = series.predictionSteps();
        float[] data = new float[(to - from) * steps];
        int k = 0;
        for (int b = from; b < to; b++) {
            for (int s = 0; s < steps; s++) {
                data[k++] = (float) series.target(windows[b], s);
            }
        }
        return manager.create(data, new Shape(to - from, steps));
    }
}
