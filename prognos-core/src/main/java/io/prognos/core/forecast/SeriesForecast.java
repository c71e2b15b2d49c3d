package io.prognos.core.forecast;

import io.prognos.core.transform.Scaler;

import java.util.Arrays;
import java.util.List;

/**
 * Forecasts one regularly sampled signal with calibrated uncertainty: the ridge forecaster is fitted on
 * the first part of the series (z-scored on that part), its input length and regularisation are chosen
 * on the held-out last part, whose forecast errors then calibrate split-conformal intervals and limit
 * crossings. Accuracy on the held-out part and in-sample accuracy are reported apart, never mixed.
 *
 * @param periodMillis        the series' sampling period; forecast step h is at last + (h + 1) * period
 * @param times               timestamps of the forecast steps (epoch ms)
 * @param mean                point forecast per step, in the signal's units
 * @param lower               lower end of the interval per step
 * @param upper               upper end of the interval per step
 * @param coverage            the intervals' nominal coverage
 * @param errors              held-out error paths in the signal's units, for limit crossings
 * @param validation          accuracy on the held-out part (windows the model was not fitted on)
 * @param inSample            accuracy on the part the model was fitted on
 */
public record SeriesForecast(long periodMillis, int inputLength, double lambda, long[] times, double[] mean,
                             double[] lower, double[] upper, double coverage, ResidualPaths errors,
                             ForecastAccuracy validation, ForecastAccuracy inSample) {

    /** Input lengths tried, longest first; those that do not fit the data are skipped. */
    public static final List<Integer> INPUT_LENGTHS = List.of(336, 168, 96, 48, 24, 12);
    private static final double[] LAMBDAS = {1e-4, 1e-3, 1e-2, 1e-1, 1, 10};

    /**
     * @param holdoutFraction share of the series, at its end, held out for choosing and calibrating
     * @throws IllegalArgumentException for irregular timestamps, non-finite values, or too little data
     */
    public static SeriesForecast of(long[] timestamps, double[] values, int horizon, double coverage,
                                    double holdoutFraction, String source) {
        long period = RegularSampling.periodOf(timestamps, source);
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(source + ": " + timestamps.length + " timestamps but " + values.length
                    + " values");
        }
        for (int i = 0; i < values.length; i++) {
            if (!Double.isFinite(values[i])) {
                throw new IllegalArgumentException(source + ": value at row " + i + " is " + values[i]
                        + "; fill or drop it before forecasting");
            }
        }
        int n = values.length;
        int holdout = (int) Math.round(n * holdoutFraction);
        int fit = n - holdout;
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
            ForecastShape shape = new ForecastShape(inputLength, horizon);
            boolean fits = fit - inputLength - horizon + 1 >= 4 * inputLength && holdout - horizon + 1 >= 20;
            if (!fits) {
                continue;
            }
            RidgeForecaster.Gram gram = RidgeForecaster.Gram.of(train, shape);
            for (double lambda : LAMBDAS) {
                RidgeForecaster candidate = gram.solve(lambda);
                double mse = ForecastAccuracy.evaluate(candidate, rows, fit - inputLength, n).mse();
                if (mse < bestMse) {
                    bestMse = mse;
                    best = candidate;
                }
            }
        }
        if (best == null) {
            throw new IllegalArgumentException(source + ": " + n + " readings are too few to forecast " + horizon
                    + " steps with a held-out part of " + Math.round(100 * holdoutFraction) + " %; the shortest input ("
                    + INPUT_LENGTHS.get(INPUT_LENGTHS.size() - 1) + " steps) needs about "
                    + (int) Math.ceil((5 * 12 + horizon + (horizon + 20) / holdoutFraction)) + " readings");
        }
        int l = best.shape().inputLength();
        double unit = scaler.scale()[0];
        double center = scaler.center()[0];
        ResidualPaths errors = ResidualPaths.collect(best, rows, fit - l, n).times(unit);
        double[] half = errors.halfWidths(coverage);
        double[][] forecast = best.forecast(Arrays.copyOfRange(rows, n - l, n));
        long[] times = new long[horizon];
        double[] mean = new double[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            times[h] = timestamps[n - 1] + (h + 1) * period;
            mean[h] = center + forecast[h][0] * unit;
            lower[h] = mean[h] - half[h];
            upper[h] = mean[h] + half[h];
        }
        ForecastAccuracy validation = inUnits(ForecastAccuracy.evaluate(best, rows, fit - l, n), unit);
        ForecastAccuracy inSample = inUnits(ForecastAccuracy.evaluate(best, rows, 0, fit), unit);
        return new SeriesForecast(period, l, best.lambda(), times, mean, lower, upper, coverage, errors, validation,
                inSample);
    }

    /** Chance and time of the signal reaching {@code limit} within the horizon. */
    public LimitCrossing crossing(double limit, boolean above) {
        return errors.crossing(mean, limit, above);
    }

    private static ForecastAccuracy inUnits(ForecastAccuracy scaled, double unit) {
        return new ForecastAccuracy(scaled.mse() * unit * unit, scaled.mae() * unit, scaled.windows(), scaled.coverage());
    }
}
