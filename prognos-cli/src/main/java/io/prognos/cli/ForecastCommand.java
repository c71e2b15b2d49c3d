package io.prognos.cli;

import io.prognos.core.asset.Sensor;
import io.prognos.core.forecast.LimitCrossing;
import io.prognos.core.forecast.SeriesForecast;
import io.prognos.core.io.CsvSeriesOptions;
import io.prognos.core.io.CsvSeriesReader;
import io.prognos.core.io.DataFormatException;
import io.prognos.core.series.TimeSeriesFrame;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.store.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.Callable;

/**
 * {@code prognos forecast SENSOR} (a stored sensor's Production forecaster) and
 * {@code prognos forecast --input FILE} (a user's own regularly sampled CSV signal): a forecast with
 * calibrated intervals and, for the sensor's limits or given ones, the chance and time of crossing
 * them. The forecast continues from the last reading at the sampling period, never the wall clock.
 */
@Command(name = "forecast", mixinStandardHelpOptions = true,
        description = "Forecast a CSV signal with calibrated intervals and time-to-limit.")
public final class ForecastCommand implements Callable<Integer> {

    @picocli.CommandLine.Mixin
    io.prognos.cli.store.StoreOptions store;

    @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "SENSOR",
            description = "A stored sensor, forecast with its Production forecaster")
    String sensor;

    @Option(names = "--input", description = "Instead of a stored sensor: a CSV with a header and a timestamp column")
    Path input;

    @Option(names = "--column", description = "Value column (default: the only one)")
    String column;

    @Option(names = "--timestamp", description = "Timestamp column (default: detected by name)")
    String timestamp;

    @Option(names = "--horizon", required = true, description = "Steps (sampling periods) to forecast")
    int horizon;

    @Option(names = "--coverage", defaultValue = "0.9", description = "Interval coverage (default ${DEFAULT-VALUE})")
    double coverage;

    @Option(names = "--holdout", defaultValue = "0.3",
            description = "Share of the series, at its end, held out to choose and calibrate the model (default ${DEFAULT-VALUE})")
    double holdout;

    @Option(names = "--warning-high", description = "Upper warning limit")
    Double warningHigh;

    @Option(names = "--critical-high", description = "Upper critical limit")
    Double criticalHigh;

    @Option(names = "--warning-low", description = "Lower warning limit")
    Double warningLow;

    @Option(names = "--critical-low", description = "Lower critical limit")
    Double criticalLow;

    @Option(names = "--every", defaultValue = "0", description = "Print every K-th step (default: about 24 lines)")
    int every;

    @Override
    public Integer call() throws Exception {
        if (horizon < 1) {
            throw new UserInputException("--horizon must be >= 1");
        }
        if (!(holdout > 0 && holdout < 0.9) || !(coverage > 0 && coverage < 1)) {
            throw new UserInputException("--holdout must be in (0, 0.9) and --coverage in (0, 1)");
        }
        if ((sensor == null) == (input == null)) {
            throw new UserInputException("name a stored SENSOR or give --input FILE (one of them)");
        }
        if (sensor != null) {
            return forecastStoredSensor();
        }
        CsvSeriesOptions.Builder options = CsvSeriesOptions.builder();
        if (timestamp != null) {
            options.timestampColumn(timestamp);
        }
        if (column != null) {
            options.valueColumns(column);
        }
        TimeSeriesFrame frame;
        try {
            frame = new CsvSeriesReader(options.build()).read(input);
        } catch (DataFormatException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (!frame.hasTimestamps()) {
            throw new UserInputException(input + ": no timestamp column; forecasts continue from the last timestamp, so "
                    + "name one with --timestamp");
        }
        if (frame.width() != 1) {
            throw new UserInputException(input + " has value columns " + frame.columns() + "; choose one with --column");
        }
        SeriesForecast f;
        try {
            f = SeriesForecast.of(frame.timestamps(), frame.column(0), horizon, coverage, holdout, input.toString());
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        PrintStream o = System.out;
        String name = frame.columns().get(0);
        o.printf("forecasting '%s' of %s: %d readings every %s, last at %s; %s%n", name, input, frame.length(),
                Duration.ofMillis(f.periodMillis()), Instant.ofEpochMilli(frame.timestamps()[frame.length() - 1]),
                f.model().describe());
        o.printf("held-out accuracy (last %.0f %% of the file, %d windows the model was not fitted on): %s%n",
                100 * holdout, f.model().validation().windows(), describe(f.model().validation()));
        o.printf("in-sample accuracy (the part it was fitted on; optimistic): %s%n", describe(f.model().inSample()));
        printSteps(o, f);
        report(o, f, "warning-high", warningHigh, true);
        report(o, f, "critical-high", criticalHigh, true);
        report(o, f, "warning-low", warningLow, false);
        report(o, f, "critical-low", criticalLow, false);
        return 0;
    }

    private int forecastStoredSensor() {
        SensorForecaster.Forecast result;
        try {
            result = new SensorForecaster(store.open()).forecast(sensor, horizon, coverage);
        } catch (RuntimeException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        PrintStream o = System.out;
        SeriesForecast f = result.forecast();
        ModelVersion v = result.version();
        o.printf("forecasting %s (%s, %s) with forecaster v%d (%s, every %s); from %s%n", sensor,
                result.sensor().name(), result.sensor().unit(), v.version(), f.model().describe(),
                Duration.ofMillis(f.periodMillis()), Instant.ofEpochMilli(f.times()[0] - f.periodMillis()));
        o.println("held-out metrics of this version: " + v.validationMetrics());
        printSteps(o, f);
        Sensor s = result.sensor();
        report(o, f, "warning-high", warningHigh != null ? warningHigh : limit(s.warning().high()), true);
        report(o, f, "critical-high", criticalHigh != null ? criticalHigh : limit(s.critical().high()), true);
        report(o, f, "warning-low", warningLow != null ? warningLow : limit(s.warning().low()), false);
        report(o, f, "critical-low", criticalLow != null ? criticalLow : limit(s.critical().low()), false);
        return 0;
    }

    private static String describe(io.prognos.core.forecast.ForecastAccuracy a) {
        return String.format("MAE %.4g, RMSE %.4g, sMAPE %.2f %%, R^2 %.3f", a.mae(), Math.sqrt(a.mse()), 100 * a.smape(),
                a.r2());
    }

    private static Double limit(double value) {
        return Double.isNaN(value) ? null : value;
    }

    private void printSteps(PrintStream o, SeriesForecast f) {
        o.printf("%-24s %12s %12s %12s   (%.0f %% conformal interval)%n", "time", "forecast", "low", "high", 100 * coverage);
        int step = every > 0 ? every : Math.max(1, horizon / 24);
        for (int h = step - 1; h < horizon; h += step) {
            o.printf("%-24s %12.4f %12.4f %12.4f%n", Instant.ofEpochMilli(f.times()[h]), f.mean()[h], f.lower()[h],
                    f.upper()[h]);
        }
    }

    private void report(PrintStream o, SeriesForecast f, String label, Double limit, boolean above) {
        if (limit == null) {
            return;
        }
        LimitCrossing c = f.crossing(limit, above);
        if (!c.possible()) {
            o.printf("%s %s: none of %d calibrated error paths (from overlapping validation windows) reaches it within "
                    + "%d steps (until %s)%n", label, limit, c.paths(), horizon, Instant.ofEpochMilli(f.times()[horizon - 1]));
            return;
        }
        o.printf("%s %s: %.0f %% chance to reach it within %d steps; median first crossing %s (90 %% of crossings between %s "
                        + "and %s)%n", label, limit, 100 * c.probability(), horizon,
                Instant.ofEpochMilli(f.times()[c.crossingStepQuantile(0.5)]),
                Instant.ofEpochMilli(f.times()[c.crossingStepQuantile(0.05)]),
                Instant.ofEpochMilli(f.times()[c.crossingStepQuantile(0.95)]));
    }
}
