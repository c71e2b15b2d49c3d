package io.prognos.cli.store;

import io.prognos.cli.UserInputException;
import io.prognos.core.asset.Sensor;
import io.prognos.core.quality.DataQualityChecker;
import io.prognos.core.quality.QualityCheck;
import io.prognos.core.quality.QualityReport;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Imputation;
import io.prognos.core.transform.Imputer;
import io.prognos.core.transform.Resampler;
import io.prognos.pipeline.ImputationChoice;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/**
 * {@code prognos quality SENSOR}: the six data-quality checks on a sensor's stored telemetry; with
 * {@code --impute STRATEGY} also what that imputation would do to it: the telemetry is put on the sensor's
 * sampling grid, its gaps of up to {@code --max-gap} points are imputed, and the checks run on the imputed
 * series with the "imputed points" check added, so estimated values are never taken for measured ones.
 */
@Command(name = "quality", mixinStandardHelpOptions = true, description = "Data-quality report of a sensor's telemetry.")
public final class QualityCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "SENSOR")
    String sensorId;

    @Option(names = "--impute", paramLabel = "STRATEGY", description = "linear, seasonal or knn: also show the report of "
            + "the series on the sensor's sampling grid with its short gaps imputed this way")
    String impute;

    @Option(names = "--max-gap", description = "with --impute: longest gap (in sampling periods) imputed (default: "
            + "training.max_gap, or 10)")
    Integer maxGap;

    @Option(names = "--period", description = "with --impute seasonal: the season in sampling periods (default: one day's "
            + "worth)")
    Integer period;

    @Option(names = "--knn-k", description = "with --impute knn: most similar stretches averaged (default 5)")
    Integer knnK;

    @Option(names = "--knn-context", description = "with --impute knn: sampling periods before a gap compared "
            + "(default 12)")
    Integer knnContext;

    @Override
    public Integer call() {
        if (impute == null && (maxGap != null || period != null || knnK != null || knnContext != null)) {
            throw new UserInputException("--max-gap, --period, --knn-k and --knn-context need --impute");
        }
        ImputationChoice choice = null;
        int limit = 0;
        if (impute != null) {
            try {
                choice = ImputationChoice.of(impute, period, knnK, knnContext, "--impute", "--period", "--knn-k",
                        "--knn-context");
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
            limit = maxGap != null ? maxGap : store.config().applyTo(io.prognos.pipeline.TrainingOptions.defaults()).maxGap();
            if (limit < 1) {
                throw new UserInputException("--max-gap must be >= 1 sampling periods, got " + limit);
            }
        }
        PipelineContext context = store.open();
        Sensor sensor = new AssetRepository(context.db()).requireSensor(sensorId);
        TelemetrySeries series = new TelemetryRepository(context.db()).readAll(sensorId);
        QualityReport report = new DataQualityChecker().check(sensorId, series.timestamps(), series.values(),
                sensor.samplingPeriod().toMillis(), sensor.warning(), sensor.critical());
        PrintStream o = System.out;
        o.printf("%s: %,d samples, overall %s%n", sensorId, report.samples(), report.level());
        for (QualityCheck c : report.checks()) {
            o.printf("  %-18s %-9s %s%n", c.name(), c.level(), c.details());
        }
        if (report.blocksTraining()) {
            o.println("CRITICAL: training is blocked: " + report.blockingReasons());
        }
        if (choice != null) {
            imputed(o, sensor, series, choice, limit);
        }
        return 0;
    }

    private void imputed(PrintStream o, Sensor sensor, TelemetrySeries series, ImputationChoice choice, int limit) {
        long periodMillis = sensor.samplingPeriod().toMillis();
        Imputation imputation;
        try {
            imputation = choice.resolve(periodMillis);
        } catch (IllegalArgumentException e) {
            throw new UserInputException(e.getMessage().replace("training.imputation_period, --imputation-period",
                    "--period"));
        }
        // the grid training resamples onto, nothing filled yet
        Resampler.Result grid = new Resampler(periodMillis, GapPolicy.LEAVE, 0).resample(series.timestamps(),
                series.values());
        if (grid.segments().isEmpty()) {
            o.println("imputation: no readings to put on the sampling grid");
            return;
        }
        Resampler.Segment segment = grid.segments().get(0);
        Imputer.Result result = new Imputer(imputation.config(limit)).impute(segment.values());
        int longGaps = 0;
        int run = 0;
        for (double v : segment.values()) {
            if (Double.isNaN(v)) {
                run++;
            } else {
                longGaps += run > limit ? 1 : 0;
                run = 0;
            }
        }
        o.printf("%nimputation %s, gaps up to %d sampling periods, on %,d grid points:%n", imputation.label(), limit,
                segment.size());
        o.printf("  %,d points would be imputed; %d %s longer than %d periods leave %,d points missing; %,d points "
                        + "in shorter gaps have nothing to impute from%s%n", result.imputedCount(), longGaps,
                longGaps == 1 ? "gap" : "gaps", limit,
                result.tooLong(), result.withoutSource(),
                result.withoutSource() > 0 ? " (training interpolates those linearly)" : "");
        QualityReport imputed = new DataQualityChecker().check(sensorId + " (imputed)", segment.timestamps(),
                result.values(), periodMillis, sensor.warning(), sensor.critical())
                .with(DataQualityChecker.imputed(result));
        o.printf("%s: %,d grid points, overall %s%n", imputed.subject(), imputed.samples(), imputed.level());
        for (QualityCheck c : imputed.checks()) {
            o.printf("  %-18s %-9s %s%n", c.name(), c.level(), c.details());
        }
    }
}
