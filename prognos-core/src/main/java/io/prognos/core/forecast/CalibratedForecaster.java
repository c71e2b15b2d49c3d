package io.prognos.core.forecast;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.function.Function;

/**
 * Any trained {@link Forecaster} of one signal with its calibration (see {@link CalibratedModel}): the
 * forecaster works on z-scaled values ({@code (value - center) / scale}, fitted on the training part) and
 * was chosen and stopped on the validation part; its errors on that part calibrate the intervals, and the
 * test part is only measured. The bytes hold the calibration and the forecaster's own bytes, which the
 * caller saves and restores (deep models live in other modules). Closing closes the forecaster when it
 * holds native memory.
 */
public final class CalibratedForecaster implements CalibratedModel, AutoCloseable {

    private static final int MAGIC = 0x50524743; // "PRGC"
    private static final int FORMAT = 1;
    private static final int MAX_NAME = 64;

    private final String name;
    private final Forecaster model;
    private final double center;
    private final double scale;
    private final ResidualPaths errors;
    private final ForecastAccuracy validation;
    private final ForecastAccuracy test;
    private final ForecastAccuracy inSample;

    private CalibratedForecaster(String name, Forecaster model, double center, double scale, ResidualPaths errors,
                                 ForecastAccuracy validation, ForecastAccuracy test, ForecastAccuracy inSample) {
        this.name = name;
        this.model = model;
        this.center = center;
        this.scale = scale;
        this.errors = errors;
        this.validation = validation;
        this.test = test;
        this.inSample = inSample;
    }

    /**
     * Calibrates a forecaster trained on rows {@code [0, fit)} of the scaled series.
     *
     * @param scaled        the whole series on the scaled axis, one column
     * @param fit           end of the training part
     * @param validationEnd end of the validation part; rows after it up to the end are the test part (may be none)
     */
    public static CalibratedForecaster calibrate(Forecaster model, double[][] scaled, int fit, int validationEnd,
                                                 double center, double scale) {
        int l = model.shape().inputLength();
        int n = scaled.length;
        ResidualPaths unitErrors = ResidualPaths.collect(model, scaled, fit - l, validationEnd);
        ForecastAccuracy validation = ForecastAccuracy.evaluate(model, scaled, fit - l, validationEnd, null, center, scale);
        ForecastAccuracy test = n - validationEnd < model.shape().horizon() ? null : ForecastAccuracy.evaluate(model, scaled, validationEnd - l, n, unitErrors.halfWidths(0.9), center, scale);
        ForecastAccuracy inSample = ForecastAccuracy.evaluate(model, scaled, 0, fit, null, center, scale);
        return new CalibratedForecaster(model.name(), model, center, scale, unitErrors.times(scale), validation, test,
                inSample);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public String describe() {
        return name + " forecaster, input " + shape().inputLength() + " steps";
    }

    @Override
    public ForecastShape shape() {
        return model.shape();
    }

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

    @Override
    public ResidualPaths errors() {
        return errors;
    }

    @Override
    public ForecastAccuracy validation() {
        return validation;
    }

    @Override
    public ForecastAccuracy test() {
        return test;
    }

    @Override
    public ForecastAccuracy inSample() {
        return inSample;
    }

    /** The calibration followed by {@code modelBytes}, the forecaster's own serialised form. */
    public byte[] toBytes(byte[] modelBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(name);
            out.writeDouble(center);
            out.writeDouble(scale);
            double[][] paths = errors.paths();
            out.writeInt(paths.length);
            out.writeInt(paths[0].length);
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
            out.writeInt(modelBytes.length);
            out.write(modelBytes);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores what {@link #toBytes} wrote; {@code restoreModel} turns the forecaster's own bytes back into it.
     *
     * @throws IllegalArgumentException when the bytes are not a calibrated forecaster, are truncated, or
     *                                  the restored forecaster's horizon differs from the calibration's
     */
    public static CalibratedForecaster fromBytes(byte[] bytes, Function<byte[], Forecaster> restoreModel) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            if (in.readInt() != MAGIC || in.readInt() != FORMAT) {
                throw new IllegalArgumentException("not a calibrated forecaster (format " + FORMAT + ")");
            }
            String name = in.readUTF();
            if (name.isEmpty() || name.length() > MAX_NAME) {
                throw new IllegalArgumentException("corrupt calibrated forecaster: name '" + name + "'");
            }
            double center = in.readDouble();
            double scale = in.readDouble();
            int count = in.readInt();
            int steps = in.readInt();
            if (count < 1 || steps < 1 || (long) count * steps * Double.BYTES > bytes.length) {
                throw new IllegalArgumentException("corrupt calibrated forecaster: " + count + " error paths of " + steps
                        + " steps do not fit in " + bytes.length + " bytes");
            }
            double[][] paths = new double[count][steps];
            for (double[] path : paths) {
                for (int h = 0; h < steps; h++) {
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
            int modelLength = in.readInt();
            if (modelLength < 1 || modelLength != in.available()) {
                throw new IllegalArgumentException("corrupt or truncated calibrated forecaster: the model part claims "
                        + modelLength + " bytes, " + in.available() + " remain");
            }
            byte[] modelBytes = in.readNBytes(modelLength);
            Forecaster model = restoreModel.apply(modelBytes);
            if (model.shape().horizon() != steps) {
                if (model instanceof AutoCloseable closeable) {
                    try {
                        closeable.close();
                    } catch (Exception e) {
                        // the mismatch below is the error to report
                    }
                }
                throw new IllegalArgumentException("the restored forecaster forecasts " + model.shape().horizon()
                        + " steps, its calibration has " + steps);
            }
            return new CalibratedForecaster(name, model, center, scale, ResidualPaths.of(paths), accuracies[0],
                    accuracies[1], accuracies[2]);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated calibrated forecaster: " + e.getMessage(), e);
        }
    }

    @Override
    public void close() {
        if (model instanceof AutoCloseable closeable) {
            try {
                closeable.close();
            } catch (Exception e) {
                throw new IllegalStateException("closing the " + name + " forecaster failed: " + e.getMessage(), e);
            }
        }
    }
}
