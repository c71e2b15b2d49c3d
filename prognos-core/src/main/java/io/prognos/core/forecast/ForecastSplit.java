package io.prognos.core.forecast;

import io.prognos.core.transform.Scaler;

import java.util.Arrays;

/**
 * One signal cut chronologically into training, validation and test parts, and z-scaled by the mean and
 * standard deviation of its training part only: what every calibrated forecaster is fitted, chosen and
 * measured on.
 *
 * @param fit           end (exclusive) of the training part
 * @param validationEnd end of the validation part; the test part runs from there to the end (may be empty)
 * @param center        the training part's mean
 * @param scale         the training part's standard deviation
 * @param scaled        the whole signal on the scaled axis, {@code [row][0]}
 */
public record ForecastSplit(int fit, int validationEnd, double center, double scale, double[][] scaled) {

    /**
     * @throws IllegalArgumentException naming {@code source} for non-finite values or too little data
     */
    public static ForecastSplit of(double[] values, double validationFraction, double testFraction, String source) {
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
        if (fit < 2) {
            throw new IllegalArgumentException(source + ": " + n + " readings are too few to forecast");
        }
        double[][] raw = new double[n][1];
        for (int i = 0; i < n; i++) {
            raw[i][0] = values[i];
        }
        Scaler scaler = Scaler.fit(Scaler.Kind.ZSCORE, Arrays.copyOfRange(raw, 0, fit));
        return new ForecastSplit(fit, fit + validationRows, scaler.center()[0], scaler.scale()[0], scaler.apply(raw));
    }

    /**
     * The scaled signal beside other signals of the same grid (an asset's other sensors), as
     * {@code [row][1 + companion]}: column 0 is {@link #scaled()}, each companion is z-scaled by the mean and
     * standard deviation of its own training part ({@code [0, fit)}), so a channel-independent forecaster can learn
     * from all of them with shared weights. A constant training part scales by 1.
     *
     * @param companions one series per companion, as long as this signal
     * @param names      the companions' names, for errors
     * @throws IllegalArgumentException naming the companion and row of a non-finite value or a wrong length
     */
    public double[][] withCompanions(double[][] companions, String[] names) {
        if (companions.length != names.length) {
            throw new IllegalArgumentException(companions.length + " companions but " + names.length + " names");
        }
        int n = scaled.length;
        double[][] rows = new double[n][1 + companions.length];
        for (int i = 0; i < n; i++) {
            rows[i][0] = scaled[i][0];
        }
        for (int c = 0; c < companions.length; c++) {
            double[] v = companions[c];
            if (v.length != n) {
                throw new IllegalArgumentException(names[c] + ": " + v.length + " values on the grid, the forecast "
                        + "signal has " + n);
            }
            double[][] raw = new double[n][1];
            for (int i = 0; i < n; i++) {
                if (!Double.isFinite(v[i])) {
                    throw new IllegalArgumentException(names[c] + ": value at row " + i + " is " + v[i]
                            + "; fill or drop it before forecasting");
                }
                raw[i][0] = v[i];
            }
            double[][] z = Scaler.fit(Scaler.Kind.ZSCORE, Arrays.copyOfRange(raw, 0, fit)).apply(raw);
            for (int i = 0; i < n; i++) {
                rows[i][1 + c] = z[i][0];
            }
        }
        return rows;
    }

    public int validationRows() {
        return validationEnd - fit;
    }

    public int testRows() {
        return scaled.length - validationEnd;
    }

    /**
     * Whether a forecaster of this input length and horizon has enough of each part: four input lengths of
     * training windows, 20 validation windows, and one test window when there is a test part.
     */
    public boolean fits(int inputLength, int horizon) {
        return fit - inputLength - horizon + 1 >= 4 * inputLength && validationRows() - horizon + 1 >= 20
                && (testRows() == 0 || testRows() - horizon + 1 >= 1);
    }
}
