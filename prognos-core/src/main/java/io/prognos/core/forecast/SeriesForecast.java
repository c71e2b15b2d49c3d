package io.prognos.core.forecast;

/**
 * A calibrated forecast of one regularly sampled signal, continuing from its last timestamp at its
 * sampling period: the point forecast, split-conformal intervals from held-out errors, and those
 * errors for limit crossings.
 *
 * @param periodMillis the series' sampling period; forecast step h is at last + (h + 1) * period
 * @param times        timestamps of the forecast steps (epoch ms)
 * @param mean         point forecast per step, in the signal's units
 * @param lower        lower end of the interval per step
 * @param upper        upper end of the interval per step
 * @param coverage     the intervals' nominal coverage
 * @param model        the fitted, calibrated forecaster with its held-out and in-sample accuracy
 */
public record SeriesForecast(long periodMillis, long[] times, double[] mean, double[] lower, double[] upper,
                             double coverage, CalibratedModel model) {

    /**
     * Fits on a whole file: the last {@code holdoutFraction} chooses and calibrates the model.
     *
     * @throws IllegalArgumentException for irregular timestamps, non-finite values, or too little data
     */
    public static SeriesForecast of(long[] timestamps, double[] values, int horizon, double coverage,
                                    double holdoutFraction, String source) {
        long period = RegularSampling.periodOf(timestamps, source);
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException(source + ": " + timestamps.length + " timestamps but " + values.length
                    + " values");
        }
        CalibratedRidge model = CalibratedRidge.fit(values, horizon, holdoutFraction, 0, source);
        return from(model, timestamps[timestamps.length - 1], period, values, coverage);
    }

    /** The forecast of a fitted model after {@code recent} values, the last observed at {@code lastMillis}. */
    public static SeriesForecast from(CalibratedModel model, long lastMillis, long periodMillis, double[] recent,
                                      double coverage) {
        double[] mean = model.forecast(recent);
        double[] half = model.errors().halfWidths(coverage);
        int horizon = mean.length;
        long[] times = new long[horizon];
        double[] lower = new double[horizon];
        double[] upper = new double[horizon];
        for (int h = 0; h < horizon; h++) {
            times[h] = lastMillis + (h + 1) * periodMillis;
            lower[h] = mean[h] - half[h];
            upper[h] = mean[h] + half[h];
        }
        return new SeriesForecast(periodMillis, times, mean, lower, upper, coverage, model);
    }

    /** Chance and time of the signal reaching {@code limit} within the horizon. */
    public LimitCrossing crossing(double limit, boolean above) {
        return model.errors().crossing(mean, limit, above);
    }
}
