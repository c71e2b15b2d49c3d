package io.prognos.core.forecast;

import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.RealMatrix;

/**
 * A direct multi-step linear forecaster shared by all columns, fitted in closed form by ridge
 * regression. With {@link WindowFeatures#INSTANCE_NORMALISED} features ("ridge"), each column's input
 * window minus its own mean maps linearly to the next {@code horizon} values minus that mean. With
 * {@link WindowFeatures#DECOMPOSED} features ("dlinear") it is DLinear's model: trend and remainder of
 * the window weighed by two linear layers, fitted exactly instead of by gradient descent. One weight
 * matrix serves every column (channel independence), whatever the number of columns. Cheap enough to
 * train per sensor in the product, and the baseline a deep forecaster has to beat.
 */
public final class RidgeForecaster implements Forecaster {

    private static final int MAGIC = 0x50524752; // "PRGR"
    private static final int FORMAT = 1;

    private final ForecastShape shape;
    private final WindowFeatures features;
    private final double lambda;
    /** weights[j][h]: feature j (then the intercept) to step h. */
    private final double[][] weights;

    private RidgeForecaster(ForecastShape shape, WindowFeatures features, double lambda, double[][] weights) {
        this.shape = shape;
        this.features = features;
        this.lambda = lambda;
        this.weights = weights;
    }

    /** An instance-normalised forecaster from weights written by {@link #weights()}: {@code [inputLength + 1][horizon]}. */
    static RidgeForecaster withWeights(ForecastShape shape, double lambda, double[][] weights) {
        if (weights.length != shape.inputLength() + 1) {
            throw new IllegalArgumentException("weights have " + weights.length + " rows, the shape needs "
                    + (shape.inputLength() + 1));
        }
        WindowFeatures features = WindowFeatures.INSTANCE_NORMALISED;
        double[][] copy = new double[weights.length][];
        for (int i = 0; i < weights.length; i++) {
            if (weights[i].length != shape.horizon()) {
                throw new IllegalArgumentException("weight row " + i + " has " + weights[i].length + " steps, the shape needs "
                        + shape.horizon());
            }
            copy[i] = weights[i].clone();
        }
        return new RidgeForecaster(shape, features, lambda, copy);
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
        return features == WindowFeatures.INSTANCE_NORMALISED ? "ridge" : "dlinear";
    }

    @Override
    public ForecastShape shape() {
        return shape;
    }

    /** Fits on every window of every column of {@code train} ({@code [row][column]}). */
    public static RidgeForecaster fit(double[][] train, ForecastShape shape, double lambda) {
        return Gram.of(train, shape).solve(lambda);
    }

    /** The features the model weighs. */
    public WindowFeatures features() {
        return features;
    }

    /** The shape, features, regularisation and weights, for {@link #fromBytes}. */
    public byte[] toBytes() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(shape.inputLength());
            out.writeInt(shape.horizon());
            out.writeUTF(features.name());
            out.writeDouble(lambda);
            for (double[] row : weights) {
                for (double w : row) {
                    out.writeDouble(w);
                }
            }
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a ridge forecaster of this format, or are truncated */
    public static RidgeForecaster fromBytes(byte[] bytes) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a ridge forecaster (format " + FORMAT + ")");
            }
            ForecastShape shape = new ForecastShape(in.readInt(), in.readInt());
            WindowFeatures features;
            try {
                features = WindowFeatures.valueOf(in.readUTF());
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("corrupt ridge forecaster: unknown window features", e);
            }
            double lambda = in.readDouble();
            long rows = features.count(shape.inputLength()) + 1L;
            if (rows * shape.horizon() * Double.BYTES != in.available()) {
                throw new IllegalArgumentException("truncated or corrupt ridge forecaster: weights of input "
                        + shape.inputLength() + " and horizon " + shape.horizon() + " need " + rows * shape.horizon()
                        * Double.BYTES + " bytes, " + in.available() + " remain");
            }
            double[][] weights = new double[(int) rows][shape.horizon()];
            for (double[] row : weights) {
                for (int h = 0; h < row.length; h++) {
                    row[h] = in.readDouble();
                }
            }
            return new RidgeForecaster(shape, features, lambda, weights);
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("truncated ridge forecaster: " + e.getMessage(), e);
        }
    }

    /**
     * The normal equations of all training windows, accumulated once so that several regularisation
     * strengths can be solved (and compared on validation data) without another pass over the data.
     */
    public static final class Gram {
        private final ForecastShape shape;
        private final WindowFeatures features;
        private final double[][] xtx;
        private final double[][] xty;
        private final long samples;

        private Gram(ForecastShape shape, WindowFeatures features, double[][] xtx, double[][] xty, long samples) {
            this.shape = shape;
            this.features = features;
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
            return of(train, shape, WindowFeatures.INSTANCE_NORMALISED);
        }

        /** As {@link #of(double[][], ForecastShape)}, with the given view of the input windows. */
        public static Gram of(double[][] train, ForecastShape shape, WindowFeatures features) {
            int l = shape.inputLength();
            int horizon = shape.horizon();
            int windows = train.length - l - horizon + 1;
            if (windows < 1) {
                throw new IllegalArgumentException("training series of " + train.length + " rows has no complete window of "
                        + l + " inputs and " + horizon + " targets");
            }
            int width = train[0].length;
            int d = features.count(l);
            double[][] xtx = new double[d + 1][d + 1];
            double[][] xty = new double[d + 1][horizon];
            double[] window = new double[l];
            double[] x = new double[d + 1];
            double[] y = new double[horizon];
            for (int c = 0; c < width; c++) {
                for (int t = 0; t < windows; t++) {
                    for (int j = 0; j < l; j++) {
                        double v = train[t + j][c];
                        if (!Double.isFinite(v)) {
                            throw new IllegalArgumentException("training row " + (t + j) + ", column " + c + " is " + v);
                        }
                        window[j] = v;
                    }
                    double level = features.extract(window, l, x);
                    x[d] = 1;
                    for (int h = 0; h < horizon; h++) {
                        y[h] = train[t + l + h][c] - level;
                    }
                    for (int i = 0; i <= d; i++) {
                        double xi = x[i];
                        double[] row = xtx[i];
                        for (int j = i; j <= d; j++) {
                            row[j] += xi * x[j];
                        }
                        double[] target = xty[i];
                        for (int h = 0; h < horizon; h++) {
                            target[h] += xi * y[h];
                        }
                    }
                }
            }
            for (int i = 0; i <= d; i++) {
                for (int j = 0; j < i; j++) {
                    xtx[i][j] = xtx[j][i];
                }
            }
            return new Gram(shape, features, xtx, xty, (long) windows * width);
        }

        /**
         * Solves for one regularisation strength, given per sample: the penalty is
         * {@code lambda * samples} on every weight except the intercept.
         */
        public RidgeForecaster solve(double lambda) {
            if (!(lambda > 0) || !Double.isFinite(lambda)) {
                throw new IllegalArgumentException("ridge lambda must be positive and finite, got " + lambda);
            }
            int d = features.count(shape.inputLength());
            double[][] a = new double[d + 1][];
            for (int i = 0; i <= d; i++) {
                a[i] = xtx[i].clone();
                if (i < d) {
                    a[i][i] += lambda * samples;
                }
            }
            a[d][d] += 1e-9 * samples; // keeps the system positive definite when the inputs are constant
            RealMatrix solution = new CholeskyDecomposition(new Array2DRowRealMatrix(a, false), 1e-14, 1e-14)
                    .getSolver().solve(new Array2DRowRealMatrix(xty, false));
            return new RidgeForecaster(shape, features, lambda, solution.getData());
        }
    }

    @Override
    public double[][] forecast(double[][] history) {
        int start = Forecaster.inputStart(history, shape);
        int l = shape.inputLength();
        int d = features.count(l);
        int width = history[start].length;
        double[][] out = new double[shape.horizon()][width];
        double[] window = new double[l];
        double[] x = new double[d];
        for (int c = 0; c < width; c++) {
            for (int j = 0; j < l; j++) {
                window[j] = history[start + j][c];
            }
            double level = features.extract(window, l, x);
            double[] intercept = weights[d];
            for (int h = 0; h < out.length; h++) {
                out[h][c] = level + intercept[h];
            }
            for (int j = 0; j < d; j++) {
                double xj = x[j];
                double[] w = weights[j];
                for (int h = 0; h < out.length; h++) {
                    out[h][c] += xj * w[h];
                }
            }
        }
        return out;
    }
}
