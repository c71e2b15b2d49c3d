package io.prognos.core.forecast;

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
    private final Calibration calibration;

    private CalibratedRidge(RidgeForecaster model, Calibration calibration) {
        this.model = model;
        this.calibration = calibration;
    }

    /**
     * Fits on a regular, complete series: the first part trains, the next {@code validationFraction}
     * chooses and calibrates, the last {@code testFraction} (may be 0) is measured only.
     *
     * @throws IllegalArgumentException naming {@code source} for non-finite values or too little data
     */
    public static CalibratedRidge fit(double[] values, int horizon, double validationFraction, double testFraction,
                                      String source) {
        return fit(values, new double[0][], new String[0], horizon, validationFraction, testFraction, source);
    }

    /**
     * As {@link #fit(double[], int, double, double, String)}, with the weights also fitted on the training parts of
     * companion signals on the same grid (an asset's other sensors, each z-scaled on its own training part; see
     * {@link ForecastSplit#withCompanions}): one weight matrix shared by all the signals, as the ETT benchmark fits
     * the seven channels of a transformer. The input length and regularisation are still chosen on this signal's
     * validation part, and the calibration and accuracies are this signal's alone; forecasts read only this signal.
     */
    public static CalibratedRidge fit(double[] values, double[][] companions, String[] companionNames, int horizon,
                                      double validationFraction, double testFraction, String source) {
        ForecastSplit split = ForecastSplit.of(values, validationFraction, testFraction, source);
        RidgeForecaster best = choose(split, companions, companionNames, horizon, validationFraction, testFraction, source);
        return new CalibratedRidge(best, Calibration.of(best, split));
    }

    /**
     * The ridge regression (on the split's z-scaled values) whose input length and regularisation give the lowest
     * validation MSE, fitted as {@link #fit(double[], double[][], String[], int, double, double, String)} fits it,
     * without calibrating it: for callers that combine it with another forecaster first.
     */
    public static RidgeForecaster choose(ForecastSplit split, double[][] companions, String[] companionNames, int horizon,
                                         double validationFraction, double testFraction, String source) {
        double[][] rows = split.scaled();
        double[][] train = Arrays.copyOfRange(split.withCompanions(companions, companionNames), 0, split.fit());
        RidgeForecaster best = null;
        double bestMse = Double.POSITIVE_INFINITY;
        for (int inputLength : INPUT_LENGTHS) {
            if (!split.fits(inputLength, horizon)) {
                continue;
            }
            RidgeForecaster.Gram gram = RidgeForecaster.Gram.of(train, new ForecastShape(inputLength, horizon));
            for (double lambda : LAMBDAS) {
                RidgeForecaster candidate = gram.solve(lambda);
                double mse = ForecastAccuracy.evaluate(candidate, rows, split.fit() - inputLength, split.validationEnd())
                        .mse();
                if (mse < bestMse) {
                    bestMse = mse;
                    best = candidate;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(source + ": " + split.scaled().length + " readings are too few to forecast "
                    + horizon + " steps with " + Math.round(100 * validationFraction) + " % held out for validation and "
                    + Math.round(100 * testFraction) + " % for test; the validation part needs at least " + (horizon + 19)
                    + " readings and the training part five times the input length (at least 12) plus the horizon");
        }
        return best;
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

    @Override
    public ResidualPaths errors() {
        return calibration.errors();
    }

    @Override
    public double[] forecast(double[] recent) {
        return calibration.forecast(model, recent);
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
            out.writeDouble(calibration.center());
            out.writeDouble(calibration.scale());
            for (double[] row : model.weights()) {
                for (double w : row) {
                    out.writeDouble(w);
                }
            }
            calibration.writeErrorsAndAccuracies(out);
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
            long weightCount = (shape.inputLength() + 1L) * shape.horizon();
            if (weightCount * Double.BYTES > bytes.length) {
                throw new IllegalArgumentException("truncated or corrupt calibrated ridge forecaster: weights of input "
                        + shape.inputLength() + " and horizon " + shape.horizon() + " need " + weightCount * Double.BYTES
                        + " bytes, the artifact has " + bytes.length);
            }
            double[][] weights = new double[shape.inputLength() + 1][shape.horizon()];
            for (double[] row : weights) {
                for (int h = 0; h < row.length; h++) {
                    row[h] = in.readDouble();
                }
            }
            Calibration calibration = Calibration.read(in, center, scale, shape.horizon(), bytes.length,
                    "calibrated ridge forecaster");
            if (in.available() != 0) {
                throw new IllegalArgumentException("trailing bytes after the calibrated ridge forecaster");
            }
            return new CalibratedRidge(RidgeForecaster.withWeights(shape, lambda, weights), calibration);
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated calibrated ridge forecaster: " + e.getMessage(), e);
        }
    }
}
