package io.prognos.core.forecast;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * What calibrates a forecaster of one signal (see {@link CalibratedModel}): its z-scaling, its validation
 * errors in the signal's units, and its accuracy on the validation, test and training parts.
 */
record Calibration(double center, double scale, ResidualPaths errors, ForecastAccuracy validation,
                   ForecastAccuracy test, ForecastAccuracy inSample) {

    /** Measures a forecaster fitted on the split's training part (and chosen on its validation part). */
    static Calibration of(Forecaster model, ForecastSplit split) {
        int l = model.shape().inputLength();
        double[][] rows = split.scaled();
        int n = rows.length;
        double center = split.center();
        double scale = split.scale();
        ResidualPaths unitErrors = ResidualPaths.collect(model, rows, split.fit() - l, split.validationEnd());
        ForecastAccuracy validation = ForecastAccuracy.evaluate(model, rows, split.fit() - l, split.validationEnd(), null,
                center, scale);
        ForecastAccuracy test = n - split.validationEnd() < model.shape().horizon() ? null
                : ForecastAccuracy.evaluate(model, rows, split.validationEnd() - l, n, unitErrors.halfWidths(0.9), center,
                        scale);
        ForecastAccuracy inSample = ForecastAccuracy.evaluate(model, rows, 0, split.fit(), null, center, scale);
        return new Calibration(center, scale, unitErrors.times(scale), validation, test, inSample);
    }

    /** The model's forecast after the last input-length values of {@code recent}, in the signal's units. */
    double[] forecast(Forecaster model, double[] recent) {
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

    /** Writes the error paths (count, then each path of {@code steps} values) and the three accuracies. */
    void writeErrorsAndAccuracies(DataOutputStream out) throws IOException {
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
    }

    /**
     * Reads what {@link #writeErrorsAndAccuracies} wrote, for paths of {@code steps} values.
     *
     * @param available bytes the whole artifact holds, to refuse an implausible path count before allocating
     */
    static Calibration read(DataInputStream in, double center, double scale, int steps, int available, String what)
            throws IOException {
        int count = in.readInt();
        if (count < 1 || (long) count * steps * Double.BYTES > available) {
            throw new IllegalArgumentException("truncated or corrupt " + what + ": " + count + " error paths of " + steps
                    + " steps do not fit in " + available + " bytes");
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
        return new Calibration(center, scale, ResidualPaths.of(paths), accuracies[0], accuracies[1], accuracies[2]);
    }
}
