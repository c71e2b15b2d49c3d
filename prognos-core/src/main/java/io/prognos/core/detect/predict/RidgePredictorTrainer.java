package io.prognos.core.detect.predict;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import org.hipparchus.linear.Array2DRowRealMatrix;
import org.hipparchus.linear.CholeskyDecomposition;
import org.hipparchus.linear.DecompositionSolver;
import org.hipparchus.linear.RealMatrix;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * The cheap predictor: a ridge regression (L2-penalised least squares with an unpenalised intercept)
 * from the last {@code windowLength} telemetry values plus the last {@code ridgeCommandLags} rows of the
 * other columns to the next {@code predictionSteps} telemetry values. Closed-form, so it trains in well
 * under a second per channel and gives large fleets a detector that needs no deep-learning engine.
 */
public final class RidgePredictorTrainer implements PredictorTrainer {

    private static final byte[] MAGIC = {'P', 'R', 'G', 'R', 'I', 'D', 'G', '1'};

    private final TelemanomConfig config;

    public RidgePredictorTrainer(TelemanomConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "linear";
    }

    @Override
    public TrainedPredictor restore(byte[] parameters) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not linear predictor parameters (bad magic bytes)");
            }
            int windowLength = in.readInt();
            int commandLags = in.readInt();
            int width = in.readInt();
            int steps = in.readInt();
            if (windowLength != config.windowLength() || steps != config.predictionSteps()) {
                throw new IllegalArgumentException("the parameters are for windows of " + windowLength + " predicting "
                        + steps + " steps; this configuration has " + config.windowLength() + " and "
                        + config.predictionSteps());
            }
            if (width < 1 || commandLags < 0 || commandLags > windowLength) {
                throw new IllegalArgumentException("corrupt linear predictor parameters: width " + width + ", lags "
                        + commandLags);
            }
            FeatureLayout layout = new FeatureLayout(windowLength, commandLags, width);
            double[] intercept = new double[steps];
            for (int s = 0; s < steps; s++) {
                intercept[s] = in.readDouble();
            }
            double[][] coefficients = new double[layout.size()][steps];
            for (double[] row : coefficients) {
                for (int s = 0; s < steps; s++) {
                    row[s] = in.readDouble();
                }
            }
            if (in.read() != -1) {
                throw new IllegalArgumentException("linear predictor parameters have trailing bytes");
            }
            return new RidgePredictor(new Model(layout, coefficients, intercept, width, config), null);
        } catch (EOFException e) {
            throw new IllegalArgumentException("linear predictor parameters are truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public TrainedPredictor train(double[][] rows, long seed, TrainingListener listener) {
        long started = System.nanoTime();
        WindowedSeries series = new WindowedSeries(rows, config.windowLength(), config.predictionSteps())
                .requireWindows(2, "training the linear predictor");
        WindowedSeries.Split split = series.shuffledSplit(seed, config.validationSplit());
        FeatureLayout layout = new FeatureLayout(config.windowLength(), Math.min(config.ridgeCommandLags(),
                config.windowLength()), series.width());
        int p = layout.size();
        int k = config.predictionSteps();
        int[] fit = split.fit();

        double[] featureMean = new double[p];
        double[] targetMean = new double[k];
        double[] x = new double[p];
        for (int w : fit) {
            layout.fill(rows, w, x);
            for (int j = 0; j < p; j++) {
                featureMean[j] += x[j];
            }
            for (int s = 0; s < k; s++) {
                targetMean[s] += series.target(w, s);
            }
        }
        for (int j = 0; j < p; j++) {
            featureMean[j] /= fit.length;
        }
        for (int s = 0; s < k; s++) {
            targetMean[s] /= fit.length;
        }

        double[][] gram = new double[p][p];
        double[][] cross = new double[p][k];
        double[] y = new double[k];
        for (int w : fit) {
            layout.fill(rows, w, x);
            for (int j = 0; j < p; j++) {
                x[j] -= featureMean[j];
            }
            for (int s = 0; s < k; s++) {
                y[s] = series.target(w, s) - targetMean[s];
            }
            for (int a = 0; a < p; a++) {
                double xa = x[a];
                if (xa == 0) {
                    continue;
                }
                double[] row = gram[a];
                for (int b = a; b < p; b++) {
                    row[b] += xa * x[b];
                }
                double[] c = cross[a];
                for (int s = 0; s < k; s++) {
                    c[s] += xa * y[s];
                }
            }
        }
        for (int a = 0; a < p; a++) {
            gram[a][a] += config.ridgeLambda();
            for (int b = a + 1; b < p; b++) {
                gram[b][a] = gram[a][b];
            }
        }
        double[][] coefficients = solve(gram, cross);
        double[] intercept = new double[k];
        for (int s = 0; s < k; s++) {
            double v = targetMean[s];
            for (int j = 0; j < p; j++) {
                v -= coefficients[j][s] * featureMean[j];
            }
            intercept[s] = v;
        }
        Model model = new Model(layout, coefficients, intercept, series.width(), config);
        double trainLoss = model.meanSquaredError(series, fit);
        double validationLoss = split.validation().length == 0 ? Double.NaN
                : model.meanSquaredError(series, split.validation());
        listener.epochFinished(1, 1, trainLoss, validationLoss);
        TrainingReport report = new TrainingReport(name(), fit.length, split.validation().length, 1, false,
                List.of(trainLoss), List.of(validationLoss), validationLoss, (System.nanoTime() - started) / 1e9);
        return new RidgePredictor(model, report);
    }

    private static double[][] solve(double[][] gram, double[][] cross) {
        RealMatrix a = new Array2DRowRealMatrix(gram, false);
        DecompositionSolver solver;
        try {
            solver = new CholeskyDecomposition(a, 1e-14, 1e-12).getSolver();
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("ridge system is not positive definite; use a ridge lambda > 0", e);
        }
        return solver.solve(new Array2DRowRealMatrix(cross, false)).getData();
    }

    /** Which values of a window feed the regression: all telemetry lags, then the recent rows of the other columns. */
    record FeatureLayout(int windowLength, int commandLags, int width) {

        int size() {
            return windowLength + commandLags * (width - 1);
        }

        void fill(double[][] rows, int window, double[] out) {
            int k = 0;
            for (int r = window; r < window + windowLength; r++) {
                out[k++] = rows[r][0];
            }
            for (int r = window + windowLength - commandLags; r < window + windowLength; r++) {
                double[] row = rows[r];
                for (int c = 1; c < width; c++) {
                    out[k++] = row[c];
                }
            }
        }
    }

    /** Fitted coefficients ({@code [feature][step]}) and intercepts. */
    record Model(FeatureLayout layout, double[][] coefficients, double[] intercept, int width, TelemanomConfig config) {

        double predict(double[][] rows, int window, int step, double[] scratch) {
            layout.fill(rows, window, scratch);
            double v = intercept[step];
            for (int j = 0; j < scratch.length; j++) {
                v += coefficients[j][step] * scratch[j];
            }
            return v;
        }

        double meanSquaredError(WindowedSeries series, int[] windows) {
            double[] scratch = new double[layout.size()];
            double sum = 0;
            int steps = intercept.length;
            for (int w : windows) {
                layout.fill(series.rows(), w, scratch);
                for (int s = 0; s < steps; s++) {
                    double v = intercept[s];
                    for (int j = 0; j < scratch.length; j++) {
                        v += coefficients[j][s] * scratch[j];
                    }
                    double d = v - series.target(w, s);
                    sum += d * d;
                }
            }
            return sum / ((double) windows.length * steps);
        }
    }

    /** The trained linear predictor; holds only arrays, so closing it is a no-op. */
    static final class RidgePredictor implements TrainedPredictor {
        private final Model model;
        private final TrainingReport report;
        private final double[] firstStepCoefficients;
        private final double firstStepIntercept;

        RidgePredictor(Model model, TrainingReport report) {
            this.model = model;
            this.report = report;
            this.firstStepCoefficients = new double[model.coefficients().length];
            for (int j = 0; j < firstStepCoefficients.length; j++) {
                firstStepCoefficients[j] = model.coefficients()[j][0];
            }
            this.firstStepIntercept = model.intercept()[0];
        }

        Model model() {
            return model;
        }

        @Override
        public int windowLength() {
            return model.config().windowLength();
        }

        @Override
        public int predictionSteps() {
            return model.config().predictionSteps();
        }

        @Override
        public double[] predictNext(double[][] rows) {
            WindowedSeries series = new WindowedSeries(rows, windowLength(), predictionSteps())
                    .requireWindows(1, "prediction");
            if (series.width() != model.width()) {
                throw new IllegalArgumentException("series has " + series.width() + " columns, the model was trained on "
                        + model.width());
            }
            double[] out = new double[series.windowCount()];
            if (model.width() == 1) {
                // one column: the window's features are the telemetry lags, contiguous in a flat copy; the sum
                // runs in the same order as Model.predict, so the predictions are identical, only faster (live
                // scoring predicts thousands of windows per pass)
                double[] telemetry = new double[rows.length];
                for (int i = 0; i < rows.length; i++) {
                    telemetry[i] = rows[i][0];
                }
                int length = windowLength();
                for (int t = 0; t < out.length; t++) {
                    double v = firstStepIntercept;
                    for (int j = 0; j < length; j++) {
                        v += firstStepCoefficients[j] * telemetry[t + j];
                    }
                    out[t] = v;
                }
                return out;
            }
            double[] scratch = new double[model.layout().size()];
            for (int t = 0; t < out.length; t++) {
                out[t] = model.predict(rows, t, 0, scratch);
            }
            return out;
        }

        @Override
        public TrainingReport report() {
            if (report == null) {
                throw new IllegalStateException("a restored predictor has no training record; see its model version");
            }
            return report;
        }

        @Override
        public byte[] parameters() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                out.writeInt(model.layout().windowLength());
                out.writeInt(model.layout().commandLags());
                out.writeInt(model.width());
                out.writeInt(model.intercept().length);
                for (double v : model.intercept()) {
                    out.writeDouble(v);
                }
                for (double[] row : model.coefficients()) {
                    for (double v : row) {
                        out.writeDouble(v);
                    }
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public void close() {
            // nothing native to release
        }
    }
}
