package io.prognos.core.forecast;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * A direct multi-step ridge regression shared by all columns: each column's input window, minus its own
 * mean (instance normalisation, so a level learned on one column or period transfers to another), maps
 * linearly to the next {@code horizon} values minus that mean. One weight matrix serves every column
 * (channel independence), so the model has {@code (inputLength + 1) x horizon} parameters whatever the
 * number of columns. Fitted in closed form; cheap enough to train per sensor in the product, and the
 * baseline a deep forecaster has to beat.
 */
public final class RidgeForecaster implements Forecaster {

    private final ForecastShape shape;
    private final double lambda;
    /** weights[j][h]: input j (0 .. inputLength-1, then the intercept) to step h. */
    private final double[][] weights;

    private RidgeForecaster(ForecastShape shape, double lambda, double[][] weights) {
        this.shape = shape;
        this.lambda = lambda;
        this.weights = weights;
    }

    /** A forecaster from weights written by {@link #weights()}: {@code [inputLength + 1][horizon]}. */
    static RidgeForecaster withWeights(ForecastShape shape, double lambda, double[][] weights) {
        if (weights.length != shape.inputLength() + 1) {
            throw new IllegalArgumentException("weights have " + weights.length + " rows, the shape needs "
                    + (shape.inputLength() + 1));
        }
        double[][] copy = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != shape.horizon()) {
                throw new IllegalArgumentException("weight row " + i + " has " + weights[i].length + " steps, the shape needs "
                        + shape.horizon());
            }
            copy[i] = weights[i].clone();
        }
        return new RidgeForecaster(shape, lambda, copy);
    }

    /** A copy of the weights, {@code [input j, then the intercept][step]}. */
    double[][] weights() {
        double[][] copy = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            copy[i] = weights[i].clone();
        }
        return copy;
    }

    /** The regularisation the model was fitted with. */
    public double lambda() {
        return lambda;
    }

    @Override
    public String name() {
        return "ridge";
    }

    @Override
    public ForecastShape shape() {
        return shape;
    }

    /** Fits on every window of every column of {@code train} ({@code [row][column]}). */
    public static RidgeForecaster fit(double[][] train, ForecastShape shape, double lambda) {
        return Gram.of(train, shape).solve(lambda);
    }

    /**
     * The normal equations of all training windows, accumulated once so that several regularisation
     * strengths can be solved (and compared on validation data) without another pass over the data.
     */
    public static final class Gram {
        private final ForecastShape shape;
        private final double[][] xtx;
        private final double[][] xty;
        private final long samples;

        private Gram(ForecastShape shape, double[][] xtx, double[][] xty, long samples) {
            this.shape = shape;
            this.xtx = xtx;
            this.xty = xty;
            this.samples = samples;
        }

        /** Number of (window, column) samples accumulated. */
        public long samples() {
            return samples;
        }

        /**
         * @throws IllegalArgumentException when the series has no complete window or a non-finite value
         */
        public static Gram of(double[][] train, ForecastShape shape) {
            int l = shape.inputLength();
            int horizon = shape.horizon();
            int windows = train.length - l - horizon + 1;
            if (windows < 1) {
                throw new IllegalArgumentException("training series of " + train.length + " rows has no complete window of "
                        + l + " inputs and " + horizon + " targets");
            }
            int width = train[0].length;
            double[][] xtx = new double[l + 1][l + 1];
            double[][] xty = new double[l + 1][horizon];
            double[] x = new double[l + 1];
            double[] y = new double[horizon];
            for (int c = 0; c < width; c++) {
                for (int t = 0; t < windows; t++) {
                    double mean = 0;
                    for (int j = 0; j < l; j++) {
                        double v = train[t + j][c];
                        if (!Double.isFinite(v)) {
                            throw new IllegalArgumentException("training row " + (t + j) + ", column " + c + " is " + v);
                        }
                        x[j] = v;
                        mean += v;
                    }
                    mean /= l;
                    for (int j = 0; j < l; j++) {
                        x[j] -= mean;
                    }
                    x[l] = 1;
                    for (int h = 0; h < horizon; h++) {
                        y[h] = train[t + l + h][c] - mean;
                    }
                    for (int i = 0; i <= l; i++) {
                        double xi = x[i];
                        double[] row = xtx[i];
                        for (int j = i; j <= l; j++) {
                            row[j] += xi * x[j];
                        }
                        double[] target = xty[i];
                        for (int h = 0; h < horizon; h++) {
                            target[h] += xi * y[h];
                        }
                    }
                }
            }
            for (int i = 0; i <= l; i++) {
                for (int j = 0; j < i; j++) {
                    xtx[i][j] = xtx[j][i];
                }
            }
            return new Gram(shape, xtx, xty, (long) windows * width);
        }

        /**
         * Solves for one regularisation strength, given per sample: the penalty is
         * {@code lambda * samples} on every weight except the intercept.
         */
        public RidgeForecaster solve(double lambda) {
            if (!(lambda > 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("ridge lambda must be positive and finite, got " + lambda);
            }
            int l = shape.inputLength();
            double[][] a = new double[l + 1][];
            for (int i = 0; i <= l; i++) {
                a[i] = xtx[i].clone();
                if (i < l) {
                    a[i][i] += lambda * samples;
                }
            }
            a[l][l] += 1e-9 * samples; // keeps the system positive definite when the inputs are constant
            RealMatrix solution = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-14, 1e-14)
                    .getSolver().solve(new Array2DRowRealMatrix(xty, false));
            return new RidgeForecaster(shape, lambda, solution.getData());
        }
    }

    @Override
    public double[][] forecast(double[][] history) {
        int start = Forecaster.inputStart(history, shape);
        int l = shape.inputLength();
        int width = history[start].length;
        double[][] out = new double[shape.horizon()][width];
        double[] x = new double[l];
        for (int c = 0; c < width; c++) {
            double mean = 0;
            for (int j = 0; j < l; j++) {
                x[j] = history[start + j][c];
                mean += x[j];
            }
            mean /= l;
            double[] intercept = weights[l];
            for (int h = 0; h < out.length; h++) {
                out[h][c] = mean + intercept[h];
            }
            for (int j = 0; j < l; j++) {
                double xj = x[j] - mean;
                double[] w = weights[j];
                for (int h = 0; h < out.length; h++) {
                    out[h][c] += xj * w[h];
                }
            }
        }
        return out;
    }
}
