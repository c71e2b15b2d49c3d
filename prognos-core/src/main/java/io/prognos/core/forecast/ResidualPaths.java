package io.prognos.core.forecast;

import java.util.Arrays;

/**
 * The forecast errors of a forecaster on held-out data it was not fitted on, kept as whole paths (one
 * error per horizon step for each held-out window and column). They calibrate what a forecast is worth:
 * split-conformal prediction intervals per horizon step, and the chance and time of crossing a limit,
 * read off the forecast plus each observed error path, so the errors' correlation across steps is kept.
 * Calibration windows must come from data the forecaster was not trained on, and should not overlap
 * the data the intervals are judged on.
 */
public final class ResidualPaths {

    /** errors[path][step] = actual - forecast. */
    private final double[][] errors;

    private ResidualPaths(double[][] errors) {
        this.errors = errors;
    }

    /** A copy of the paths, {@code [path][step]}. */
    double[][] paths() {
        double[][] copy = new double[errors.length][];
        for (int i = 0; i < errors.length; i++) {
            copy[i] = errors[i].clone();
        }
        return copy;
    }

    /** Number of error paths (held-out windows times columns). */
    public int size() {
        return errors.length;
    }

    public int horizon() {
        return errors[0].length;
    }

    /**
     * The error paths of every stride-1 window in rows {@code [from, to)} (as in
     * {@link ForecastAccuracy#evaluate}), for every column.
     */
    public static ResidualPaths collect(Forecaster forecaster, double[][] rows, int from, int to) {
        ForecastShape shape = forecaster.shape();
        int windows = to - from - shape.inputLength() - shape.horizon() + 1;
        if (from < 0 || to > rows.length || windows < 1) {
            throw new IllegalArgumentException("rows [" + from + ", " + to + ") hold no complete calibration window");
        }
        int width = rows[0].length;
        double[][] errors = new double[windows * width][shape.horizon()];
        WindowForecasts forecasts = new WindowForecasts(forecaster, rows, from, windows);
        for (int i = 0; i < windows; i++) {
            int inputStart = from + i;
            double[][] forecast = forecasts.get(i);
            for (int h = 0; h < shape.horizon(); h++) {
                double[] actual = rows[inputStart + shape.inputLength() + h];
                for (int c = 0; c < width; c++) {
                    errors[i * width + c][h] = actual[c] - forecast[h][c];
                }
            }
        }
        return new ResidualPaths(errors);
    }

    /** Error paths given directly, {@code [path][step]}. */
    public static ResidualPaths of(double[][] errors) {
        if (errors.length == 0 || errors[0].length == 0) {
            throw new IllegalArgumentException("need at least one error path with one step");
        }
        double[][] copy = new double[errors.length][];
        for (int i = 0; i < errors.length; i++) {
            if (errors[i].length != errors[0].length) {
                throw new IllegalArgumentException("error path " + i + " has " + errors[i].length + " steps, path 0 has "
                        + errors[0].length);
            }
            copy[i] = errors[i].clone();
        }
        return new ResidualPaths(copy);
    }

    /** The same paths with every error multiplied by {@code factor}, e.g. back from scaled to sensor units. */
    public ResidualPaths times(double factor) {
        double[][] out = new double[errors.length][];
        for (int i = 0; i < errors.length; i++) {
            out[i] = errors[i].clone();
            for (int h = 0; h < out[i].length; h++) {
                out[i][h] *= factor;
            }
        }
        return new ResidualPaths(out);
    }

    /**
     * Split-conformal half-widths per step for the given coverage: the
     * {@code ceil((n + 1) * coverage)}-th smallest absolute error of that step, so that a new point's
     * interval {@code forecast +- halfWidth} holds it with probability at least {@code coverage} when the
     * errors are exchangeable. Infinite when there are too few paths for that coverage.
     */
    public double[] halfWidths(double coverage) {
        if (!(coverage > 0 && coverage < 1)) {
            throw new IllegalArgumentException("coverage must be in (0, 1), got " + coverage);
        }
        int n = errors.length;
        int rank = (int) Math.ceil((n + 1) * coverage);
        double[] widths = new double[horizon()];
        double[] column = new double[n];
        for (int h = 0; h < widths.length; h++) {
            for (int i = 0; i < n; i++) {
                column[i] = Math.abs(errors[i][h]);
            }
            Arrays.sort(column);
            widths[h] = rank > n ? Double.POSITIVE_INFINITY : column[rank - 1];
        }
        return widths;
    }

    /**
     * When the forecast path of one column reaches a limit: for each error path, the first step at which
     * {@code forecast + error} is at or beyond the limit.
     *
     * @param forecast the column's forecast, one value per step (at most {@link #horizon()} steps)
     * @param limit    the limit value
     * @param above    true for an upper limit (crossed at or above it), false for a lower one
     */
    public LimitCrossing crossing(double[] forecast, double limit, boolean above) {
        if (forecast.length > horizon()) {
            throw new IllegalArgumentException("forecast has " + forecast.length + " steps, the errors only " + horizon());
        }
        int[] first = new int[errors.length];
        int crossed = 0;
        for (int i = 0; i < errors.length; i++) {
            first[i] = -1;
            for (int h = 0; h < forecast.length; h++) {
                double value = forecast[h] + errors[i][h];
                if (above ? value >= limit : value <= limit) {
                    first[i] = h;
                    crossed++;
                    break;
                }
            }
        }
        int[] steps = new int[crossed];
        int k = 0;
        for (int f : first) {
            if (f >= 0) {
                steps[k++] = f;
            }
        }
        Arrays.sort(steps);
        return new LimitCrossing((double) crossed / errors.length, steps, errors.length, forecast.length);
    }
}
