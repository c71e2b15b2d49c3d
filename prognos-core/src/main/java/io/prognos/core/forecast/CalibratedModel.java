package io.prognos.core.forecast;

/**
 * A forecaster of one signal fitted together with what makes its forecasts trustworthy: the scaling of
 * its training part, the validation forecast errors that calibrate intervals and limit crossings, and its
 * accuracy on the validation, test and training parts, kept apart. Implemented by the closed-form
 * {@link CalibratedRidge} and by {@link CalibratedForecaster} around any trained {@link Forecaster}.
 */
public interface CalibratedModel {

    /** Short name of the underlying forecaster, e.g. {@code ridge} or {@code patchtst}. */
    String name();

    ForecastShape shape();

    /** One line for people: the forecaster, its input length and any chosen setting. */
    String describe();

    /** The point forecast, in the signal's units, for the horizon after the last input-length values of {@code recent}. */
    double[] forecast(double[] recent);

    /** The calibrated forecast errors, in the signal's units. */
    ResidualPaths errors();

    /** Accuracy on the validation part, in the signal's units. */
    ForecastAccuracy validation();

    /** Accuracy on the test part with the coverage of 90 % intervals, or null when there was none. */
    ForecastAccuracy test();

    /** Accuracy on the part the model was fitted on: optimistic, never a validation figure. */
    ForecastAccuracy inSample();
}
