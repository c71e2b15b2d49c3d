package io.prognos.core.forecast;

/**
 * Conformal intervals recalibrated as outcomes arrive, the way a deployed forecaster works: the
 * interval of a forecast made at origin {@code o} (the first forecast row) uses the errors of the last
 * {@code memory} forecasts whose target at that step was already observed before {@code o}. Split
 * conformal calibrated once on a validation period assumes the errors stay alike; when the signal's
 * behaviour drifts (ETTh1's validation months are harder than its test months) its intervals cover too
 * much or too little, while the rolling ones follow the recent errors.
 *
 * @param coverage      share of scored target values inside their intervals
 * @param points        target values scored
 * @param meanHalfWidth average interval half-width over the scored values
 */
public record RollingConformal(double coverage, long points, double meanHalfWidth) {

    /**
     * Walks forecast origins {@code firstOrigin .. end - horizon} in time order and scores the intervals
     * of origins at or after {@code scoreFrom}.
     *
     * @param firstOrigin  first origin whose errors are collected (its input starts inputLength rows earlier)
     * @param scoreFrom    first origin whose intervals are scored; at least {@code memory + horizon}
     *                     origins after {@code firstOrigin}, so every scored interval has a full memory
     * @param refreshEvery origins between recalibrations (1 recalibrates at every origin)
     */
    public static RollingConformal evaluate(Forecaster forecaster, double[][] rows, int firstOrigin, int scoreFrom,
                                            int end, double coverage, int memory, int refreshEvery) {
        ForecastShape shape = forecaster.shape();
        int l = shape.inputLength();
        int horizon = shape.horizon();
        if (firstOrigin < l || scoreFrom - firstOrigin < memory + horizon || end - horizon < scoreFrom || end > rows.length) {
            throw new IllegalArgumentException("origins [" + firstOrigin + ", " + (end - horizon) + "] leave no scored origin "
                    + "from " + scoreFrom + " with a memory of " + memory + " forecasts");
        }
        if (!(coverage > 0 && coverage < 1) || memory < 1 || refreshEvery < 1) {
            throw new IllegalArgumentException("need coverage in (0, 1), memory >= 1 and refreshEvery >= 1");
        }
        int width = rows[0].length;
        int slots = memory + horizon + 1;
        double[][][] ring = new double[slots][][];
        double[] half = new double[horizon];
        double[] pool = new double[memory * width];
        int rank = (int) Math.ceil((memory * width + 1) * coverage);
        long inside = 0;
        long points = 0;
        double widthSum = 0;
        WindowForecasts forecasts = new WindowForecasts(forecaster, rows, firstOrigin - l,
                Math.max(0, end - horizon - firstOrigin + 1));
        for (int o = firstOrigin; o + horizon <= end; o++) {
            if (o >= scoreFrom && ((o - scoreFrom) % refreshEvery == 0)) {
                for (int h = 0; h < horizon; h++) {
                    int k = 0;
                    for (int origin = o - h - memory; origin <= o - h - 1; origin++) {
                        double[] errors = ring[Math.floorMod(origin, slots)][h];
                        for (int c = 0; c < width; c++) {
                            pool[k++] = Math.abs(errors[c]);
                        }
                    }
                    half[h] = rank > pool.length ? Double.POSITIVE_INFINITY : select(pool, rank - 1);
                }
            }
            double[][] forecast = forecasts.get(o - firstOrigin);
            double[][] errors = new double[horizon][width];
            for (int h = 0; h < horizon; h++) {
                for (int c = 0; c < width; c++) {
                    errors[h][c] = rows[o + h][c] - forecast[h][c];
                    if (o >= scoreFrom) {
                        inside += Math.abs(errors[h][c]) <= half[h] ? 1 : 0;
                        widthSum += half[h];
                        points++;
                    }
                }
            }
            ring[Math.floorMod(o, slots)] = errors;
        }
        return new RollingConformal((double) inside / points, points, widthSum / points);
    }

    /** The k-th smallest value (0-based); reorders {@code values}. */
    static double select(double[] values, int k) {
        int lo = 0;
        int hi = values.length - 1;
        while (lo < hi) {
            double pivot = values[(lo + hi) >>> 1];
            int i = lo;
            int j = hi;
            while (i <= j) {
                while (values[i] < pivot) {
                    i++;
                }
                while (values[j] > pivot) {
                    j--;
                }
                if (i <= j) {
                    double t = values[i];
                    values[i] = values[j];
                    values[j] = t;
                    i++;
                    j--;
                }
            }
            if (k <= j) {
                hi = j;
            } else if (k >= i) {
                lo = i;
            } else {
                return values[k];
            }
        }
        return values[k];
    }
}
