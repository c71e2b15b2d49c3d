package io.prognos.cli.store;

import io.prognos.core.asset.Sensor;
import io.prognos.core.quality.DataQualityChecker;
import io.prognos.core.quality.QualityCheck;
import io.prognos.core.quality.QualityReport;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.util.concurrent.Callable;

/** {@code prognos quality SENSOR}: the six data-quality checks on a sensor's stored telemetry. */
@Command(name = "quality", mixinStandardHelpOptions = true, description = "Data-quality report of a sensor's telemetry.")
public final class QualityCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Parameters(paramLabel = "SENSOR")
    String sensorId;

    @Override
    public Integer call() {
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
        return 0;
    }
}
