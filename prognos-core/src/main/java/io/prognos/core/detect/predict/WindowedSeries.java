package io.prognos.core.detect.predict;

import java.util.Random;

/**
 * The sliding windows over a series that window predictors learn from: window {@code i} is rows
 * {@code [i, i + windowLength)} and its targets are column 0 of rows
 * {@code [i + windowLength, i + windowLength + predictionSteps)}. There are
 * {@code rows - windowLength - predictionSteps} windows, as in the Telemanom reference.
 */
public record WindowedSeries(double[][] rows, int windowLength, int predictionSteps) {

    public WindowedSeries {
        if (windowLength < 1 || predictionSteps < 1) {
            throw new IllegalArgumentException("window length and prediction steps must be >= 1");
        }
        if (rows.length == 0) {
            throw new IllegalArgumentException("series is empty");
        }
        int width = rows[0].length;
        if (width == 0) {
            throw new IllegalArgumentException("series has no columns");
        }
        for (int i = 0; i < rows.length; i++) {
            if (rows[i].length != width) {
                throw new IllegalArgumentException("row " + i + " has " + rows[i].length + " columns, row 0 has " + width);
            }
            for (int j = 0; j < width; j++) {
                if (!Double.isFinite(rows[i][j])) {
                    throw new IllegalArgumentException("value at row " + i + ", column " + j + " is " + rows[i][j]
                            + "; window predictors need finite values");
                }
            }
        }
    }

    public int width() {
        return rows[0].length;
    }

    public int windowCount() {
        return Math.max(0, rows.length - windowLength - predictionSteps);
    }

    /** Requires at least {@code minimum} windows, naming what is needed when there are fewer. */
    public WindowedSeries requireWindows(int minimum, String purpose) {
        if (windowCount() < minimum) {
            throw new IllegalArgumentException(purpose + " needs at least " + (windowLength + predictionSteps + minimum)
                    + " rows (window " + windowLength + " + " + predictionSteps + " steps ahead + " + minimum
                    + " windows), the series has " + rows.length);
        }
        return this;
    }

    /** Target of window {@code i} at {@code step} ahead (0 = the next value). */
    public double target(int window, int step) {
        return rows[window + windowLength + step][0];
    }

    /**
     * Window indices in a random order fixed by {@code seed}; the last {@code validationFraction} of
     * them are the held-out ones (the reference shuffles windows, then holds out the last 20 %).
     */
    public Split shuffledSplit(long seed, double validationFraction) {
        int n = windowCount();
        int[] order = new int[n];
        for (int i = 0; i < n; i++) {
            order[i] = i;
        }
        Random random = new Random(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = order[i];
            order[i] = order[j];
            order[j] = tmp;
        }
        int validation = (int) Math.floor(n * validationFraction);
        if (n - validation < 1 || (validationFraction > 0 && validation < 1)) {
            throw new IllegalArgumentException(n + " windows are too few to hold out " + validationFraction
                    + " of them for validation");
        }
        int[] fit = new int[n - validation];
        int[] held = new int[validation];
        System.arraycopy(order, 0, fit, 0, fit.length);
        System.arraycopy(order, fit.length, held, 0, validation);
        return new Split(fit, held);
    }

    /** Window indices used for fitting and those held out for validation. */
    public record Split(int[] fit, int[] validation) {
    }
}
