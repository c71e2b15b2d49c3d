package io.prognos.core.forecast;

/**
 * How much history a forecaster reads and how far ahead it forecasts, both in sampling periods.
 *
 * @param inputLength rows of history read per forecast, >= 1
 * @param horizon     steps forecast after the last history row, >= 1
 */
public record ForecastShape(int inputLength, int horizon) {

    public ForecastShape {
        if (inputLength < 1 || horizon < 1) {
            throw new IllegalArgumentException("input length and horizon must be >= 1, got " + inputLength + " and "
                    + horizon);
        }
    }
}
