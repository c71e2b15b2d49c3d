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
    private final Calibration calibration;

    private CalibratedForecaster(String name, Forecaster model, Calibration calibration) {
        this.name = name;
        this.model = model;
        this.calibration = calibration;
    }

    /** Calibrates a forecaster trained on the split's training part and stopped or chosen on its validation part. */
    public static CalibratedForecaster calibrate(Forecaster model, ForecastSplit split) {
        return new CalibratedForecaster(model.name(), model, Calibration.of(model, split));
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
        return calibration.forecast(model, recent);
    }

    @Override
    public ResidualPaths errors() {
        return calibration.errors();
    }

    @Override
    public ForecastAccuracy validation() {
        return calibration.validation();
    }

    @Override
    public ForecastAccuracy test() {
        return calibration.test();
    }

    @Override
    public ForecastAccuracy inSample() {
        return calibration.inSample();
    }

    /** The calibration followed by {@code modelBytes}, the forecaster's own serialised form. */
    public byte[] toBytes(byte[] modelBytes) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeInt(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(name);
            out.writeDouble(calibration.center());
            out.writeDouble(calibration.scale());
            out.writeInt(model.shape().horizon());
            calibration.writeErrorsAndAccuracies(out);
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
            int steps = in.readInt();
            if (steps < 1) {
                throw new IllegalArgumentException("corrupt calibrated forecaster: horizon " + steps);
            }
            Calibration calibration = Calibration.read(in, center, scale, steps, bytes.length, "calibrated forecaster");
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
            return new CalibratedForecaster(name, model, calibration);
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
