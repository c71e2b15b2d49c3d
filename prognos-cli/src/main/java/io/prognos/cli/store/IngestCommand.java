package io.prognos.cli.store;

import io.prognos.cli.UserInputException;
import io.prognos.core.asset.Sensor;
import io.prognos.core.io.CsvSeriesOptions;
import io.prognos.core.io.TimeUnitCheck;
import io.prognos.core.io.CsvSeriesReader;
import io.prognos.core.io.DataFormatException;
import io.prognos.core.series.TimeSeriesFrame;
import io.prognos.pipeline.NasaImporter;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.TelemetryRepository;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Optional;
import java.util.List;
import java.util.concurrent.Callable;

/**
 * {@code prognos ingest}: telemetry into the store, from a CSV file for one sensor, or a whole data
 * set in the Telemanom layout ({@code --format nasa DIR}). Rows go in batches, each its own
 * transaction: a batch reported as stored survives a crash, and re-importing adds no duplicates.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Import telemetry: a CSV for one sensor (--sensor), or a Telemanom-layout directory (--format nasa).")
public final class IngestCommand implements Callable<Integer> {

    static final int BATCH = 100_000;

    @Mixin
    StoreOptions store;

    @Parameters(index = "0", paramLabel = "PATH", description = "CSV file, or the data set directory with --format nasa")
    Path path;

    @Option(names = "--format", defaultValue = "csv", description = "csv or nasa (default ${DEFAULT-VALUE})")
    String format;

    @Option(names = "--sensor", description = "CSV: the registered sensor the values belong to")
    String sensor;

    @Option(names = "--column", description = "CSV: value column (default: the only one)")
    String column;

    @Option(names = "--timestamp", description = "CSV: timestamp column (default: detected by name)")
    String timestamp;

    @Option(names = "--epoch-unit", defaultValue = "auto", description = "CSV: unit of numeric timestamps: auto, seconds or "
            + "milliseconds (default ${DEFAULT-VALUE}: by magnitude)")
    String epochUnit;

    @Option(names = "--ignore-period", description = "CSV: store readings whose spacing is far from the sensor's sampling "
            + "period (normally refused as a likely time-unit mistake)")
    boolean ignorePeriod;

    @Option(names = "--prefix", defaultValue = "smap", description = "nasa: prefix of asset and sensor ids (default ${DEFAULT-VALUE})")
    String prefix;

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        PipelineContext context = store.open();
        o.println("store: " + context.db().describe());
        if (format.equals("nasa")) {
            long[] totals = new long[3];
            List<NasaImporter.ChannelImport> channels = new NasaImporter(context.db()).importDataset(path, prefix, c -> {
                o.printf("%-12s %,8d readings stored, %,8d already present, %d labels%n", c.sensorId(), c.inserted(),
                        c.duplicates(), c.labels());
                totals[0] += c.inserted();
                totals[1] += c.duplicates();
                totals[2] += c.labels();
            });
            o.printf("%d channels: %,d readings stored, %,d already present, %,d labelled anomalies%n", channels.size(),
                    totals[0], totals[1], totals[2]);
            o.println("Every channel's training file ends at " + NasaImporter.SPLIT + " and its test file starts there:");
            o.println("  prognos train --all --until " + NasaImporter.SPLIT + "   then   prognos detect --all --from "
                    + NasaImporter.SPLIT);
            return 0;
        }
        if (!format.equals("csv")) {
            throw new UserInputException("--format must be csv or nasa, got '" + format + "'");
        }
        if (sensor == null) {
            throw new UserInputException("CSV ingest needs --sensor ID (register the sensor first)");
        }
        CsvSeriesOptions.Builder options = CsvSeriesOptions.builder();
        if (timestamp != null) {
            options.timestampColumn(timestamp);
        }
        if (column != null) {
            options.valueColumns(column);
        }
        try {
            options.epochUnit(CsvSeriesOptions.EpochUnit.valueOf(epochUnit.trim().toUpperCase(java.util.Locale.ROOT)));
        } catch (IllegalArgumentException e) {
            throw new UserInputException("--epoch-unit must be auto, seconds or milliseconds, got '" + epochUnit + "'");
        }
        Sensor target = new AssetRepository(context.db()).findSensor(sensor).orElseThrow(() -> new UserInputException(
                "unknown sensor '" + sensor + "' in " + context.db().describe() + "; register it first with prognos sensors add"));
        TimeSeriesFrame frame;
        try {
            frame = new CsvSeriesReader(options.build()).read(path);
        } catch (DataFormatException e) {
            throw new UserInputException(e.getMessage(), e);
        }
        if (!frame.hasTimestamps()) {
            throw new UserInputException(path + ": no timestamp column; name one with --timestamp");
        }
        if (frame.width() != 1) {
            throw new UserInputException(path + " has value columns " + frame.columns() + "; choose one with --column");
        }
        if (!ignorePeriod) {
            Optional<String> unitProblem = TimeUnitCheck.problem(path.toString(), frame.timestamps(),
                    target.samplingPeriod().toMillis());
            if (unitProblem.isPresent()) {
                throw new UserInputException(unitProblem.get() + "; nothing was stored (--ignore-period stores it anyway)");
            }
        }
        TelemetryRepository telemetry = new TelemetryRepository(context.db());
        double[] values = frame.column(0);
        long inserted = 0;
        long duplicates = 0;
        for (int from = 0; from < values.length; from += BATCH) {
            int to = Math.min(values.length, from + BATCH);
            TelemetryRepository.IngestResult r = telemetry.ingest(sensor, Arrays.copyOfRange(frame.timestamps(), from, to),
                    Arrays.copyOfRange(values, from, to));
            inserted += r.inserted();
            duplicates += r.duplicates();
            o.printf("stored rows %,d-%,d of %,d (%,d new)%n", from + 1, to, values.length, r.inserted());
        }
        o.printf("%s: %,d readings stored, %,d already present%n", sensor, inserted, duplicates);
        return 0;
    }
}
