package io.prognos.core.forecast;

import io.prognos.core.transform.Scaler;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.List;

/**
 * A ridge forecaster for one signal together with what makes its forecasts trustworthy: the z-scaling
 * fitted on its training part, its input length and regularisation chosen on the validation part, the
 * validation forecast errors that calibrate intervals and limit crossings, and its accuracy on the
 * validation part, the test part (never used for a choice) and the training part, kept apart.
 * Serialises to bytes for the model registry; restoring gives identical forecasts.
 */
public final class CalibratedRidge implements CalibratedModel {

    /** Input lengths tried, longest first; those that do not fit the data are skipped. */
    public static final List<Integer> INPUT_LENGTHS = List.of(336, 168, 96, 48, 24, 12);
    private static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};
    private static final int MAGIC = 0x50524746; // "PRGF"
    private static final int FORMAT = 2;

    private final RidgeForecaster model;
    private final double center;
    private final double scale;
    private final ResidualPaths errors;
    private final ForecastAccuracy validation;
    private final ForecastAccuracy test;
    private final ForecastAccuracy inSample;

    private CalibratedRidge(RidgeForecaster model, double center, double scale, ResidualPaths errors,
                            ForecastAccuracy validation, ForecastAccuracy test, ForecastAccuracy inSample) {
        this.model = model;
        this.center = center;
        this.scale = scale;
        this.errors = errors;
        this.validation = validation;
        this.test = test;
        this.inSample = inSample;
    }

    /**
     * Fits on a regular, complete series: the first part trains, the next {@code validationFraction}
     * chooses and calibrates, the last {@code testFraction} (may be 0) is measured only.
     *
     * @throws IllegalArgumentException naming {@code source} for non-finite values or too little data
     */
    public static CalibratedRidge fit(double[] values, int horizon, double validationFraction, double testFraction,
                                      String source) {
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(source + ": value at row " + i + " is " + values[i]
                        + "; fill or drop it before forecasting");
            }
        }
        int n = values.length;
        int testRows = (int) Math.round(n * testFraction);
        int validationRows = (int) Math.round(n * validationFraction);
        int fit = n - validationRows - testRows;
        int validationEnd = fit + validationRows;
        if (fit < 2) {
            throw new IllegalArgumentException(source + ": " + n + " readings are too few to forecast");
        }
        double[][] raw = new double[n][1];
        for (int i = 0; i < n; i++) {
            raw[i][0] = values[i];
        }
        Scaler scaler = Scaler.fit(Scaler.Kind.ZSCORE, Arrays.copyOfRange(raw, 0, fit));
        double[][] rows = scaler.apply(raw);
        double[][] train = Arrays.copyOfRange(rows, 0, fit);
        RidgeForecaster best = null;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int inputLength : INPUT_LENGTHS) {
            boolean fits = fit - inputLength - horizon + 1 >= 4 * inputLength && validationRows - horizon + 1 >= 20
                    && (testRows == 0 || testRows - horizon + 1 >= 1);
            if (!fits) {
                continue;
            }
            RidgeForecaster.Gram gram = RidgeForecaster.Gram.of(train, new ForecastShape(inputLength, horizon));
            for (double lambda : LAMBDAS) {
                RidgeForecaster candidate = gram.solve(lambda);
                double mse = ForecastAccuracy.evaluate(candidate, rows, fit - inputLength, validationEnd).mse();
                if (mse < bestMse) {
                    bestMse = mse;
                    best = candidate;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(source + ": " + n + " readings are too few to forecast " + horizon
                    + " steps with " + Math.round(100 * validationFraction) + " % held out for validation and "
                    + Math.round(100 * testFraction) + " % for test; the validation part needs at least " + (horizon + 19)
                    + " readings and the training part five times the input length (at least 12) plus the horizon");
        }
        int l = best.shape().inputLength();
        double unit = scaler.scale()[0];
        ResidualPaths errors = ResidualPaths.collect(best, rows, fit - l, validationEnd).times(unit);
        double center = scaler.center()[0];
        ForecastAccuracy validation = ForecastAccuracy.evaluate(best, rows, fit - l, validationEnd, null, center, unit);
        ForecastAccuracy test = testRows == 0 ? null : ForecastAccuracy.evaluate(best, rows, validationEnd - l, n,
                errors.times(1 / unit).halfWidths(0.9), center, unit);
        ForecastAccuracy inSample = ForecastAccuracy.evaluate(best, rows, 0, fit, null, center, unit);
        return new CalibratedRidge(best, center, unit, errors, validation, test, inSample);
    }

    @Override
    public String name() {
        return "ridge";
    }

    @Override
    public String describe() {
        return "ridge forecaster, input " + shape().inputLength() + " steps, lambda " + lambda();
    }

    @Override
    public ForecastShape shape() {
        return model.shape();
    }

    public double lambda() {
        return model.lambda();
    }

    /** Accuracy on the validation part, in the signal's units (MSE in units squared). */
    @Override
    public ForecastAccuracy validation() {
        return validation;
    }

    /** Accuracy on the test part with the coverage of 90 % intervals, or null when there was none. */
    @Override
    public ForecastAccuracy test() {
        return test;
    }

    /** Accuracy on the part the model was fitted on: optimistic, never a validation figure. */
    @Override
    public ForecastAccuracy inSample() {
        return inSample;
    }

    /** The calibrated forecast errors, in the signal's units. */
    @Override
    public ResidualPaths errors() {
        return errors;
    }

    /**
     * The point forecast for the horizon after {@code recent}, whose last {@link ForecastShape#inputLength()}
     * values are read.
     */
    @Override
    public double[] forecast(double[] recent) {
        int l = model.shape().inputLength();
        if (recent.length < l) {
            throw new IllegalArgumentException("forecasting needs the last " + l + " values, got " + recent.length);
        }
        double[][] history = new double[l][1];
        for (int i = 0; i < l; i++) {
            history[i][0] = (recent[recent.length - l + i] - center) / scale;
        }
        double[][] f = model.forecast(history);
        double[] out = new double[f.length];
        for (int h = 0; h < out.length; h++) {
            out[h] = center + f[h][0] * scale;
        }
        return out;
    }

    /** The model, scaling, calibration errors and accuracies as bytes. */
    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            ForecastShape shape = model.shape();
            out.writeInt(shape.inputLength());
            out.writeInt(shape.horizon());
            out.writeDouble(model.lambda());
            out.writeDouble(center);
            out.writeDouble(scale);
            for (double[] row : model.weights()) {
                for (double w : row) {
                    out.writeDouble(w);
                }
            }
            double[][] paths = errors.paths();
            out.writeInt(paths.length);
            for (double[] path : paths) {
                for (double e : path) {
                    out.writeDouble(e);
                }
            }
            for (ForecastAccuracy a : new ForecastAccuracy[] {validation, test, inSample}) {
                out.writeBoolean(a != null);
                if (a != null) {
                    out.writeDouble(a.mse());
                    out.writeDouble(a.mae());
                    out.writeDouble(a.smape());
                    out.writeDouble(a.r2());
                    out.writeLong(a.windows());
                    out.writeDouble(a.coverage());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** @throws IllegalArgumentException when the bytes are not a calibrated ridge of this format */
    public static CalibratedRidge fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a calibrated ridge forecaster (format " + FORMAT + ")");
            }
            ForecastShape shape = new ForecastShape(in.readInt(), in.readInt());
            double lambda = in.readDouble();
            double center = in.readDouble();
            double scale = in.readDouble();
            requireBytes(bytes, (shape.inputLength() + 1L) * shape.horizon(), "weights of input " + shape.inputLength()
                    + " and horizon " + shape.horizon());
            double[][] weights = new double[shape.inputLength() + 1][shape.horizon()];
            for (double[] row : weights) {
                for (int h = 0; h < row.length; h++) {
                    row[h] = in.readDouble();
                }
            }
            int count = in.readInt();
            if (count < 1 || count > 50_000_000 / shape.horizon()) {
                throw new IllegalArgumentException("implausible number of error paths: " + count);
            }
            requireBytes(bytes, (long) count * shape.horizon(), count + " error paths");
            double[][] paths = new double[count][shape.horizon()];
            for (double[] path : paths) {
                for (int h = 0; h < path.length; h++) {
                    path[h] = in.readDouble();
                }
            }
            ForecastAccuracy[] accuracies = new ForecastAccuracy[3];
            for (int k = 0; k < 3; k++) {
                if (in.readBoolean()) {
                    accuracies[k] = new ForecastAccuracy(in.readDouble(), in.readDouble(), in.readDouble(), in.readDouble(),
                            in.readLong(), in.readDouble());
                }
            }
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after the calibrated ridge forecaster");
            }
            return new CalibratedRidge(RidgeForecaster.withWeights(shape, lambda, weights), center, scale,
                    ResidualPaths.of(paths), accuracies[0], accuracies[1], accuracies[2]);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated calibrated ridge forecaster: " + e.getMessage(), e);
        }
    }

    /** Refuses sizes read from the bytes that the bytes cannot hold, before anything is allocated. */
    private static void requireBytes(byte[] bytes, long doubles, String what) {
        if (doubles * Double.BYTES > bytes.length) {
            throw new IllegalArgumentException("truncated or corrupt calibrated ridge forecaster: " + what + " need "
                    + doubles * Double.BYTES + " bytes, the artifact has " + bytes.length);
        }
    }
}
