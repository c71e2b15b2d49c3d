package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prognos.cli.BuildInfo;
import io.prognos.cli.Progress;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code prognos bench ingest}: bulk telemetry ingest into a fresh SQLite file and a fresh
 * PostgreSQL schema, and a range read of one sensor's rows back, in rows per second.
 */
@Command(name = "ingest", mixinStandardHelpOptions = true,
        description = "Rows per second of bulk telemetry ingest into SQLite and PostgreSQL, and of a range read.")
public final class BenchIngestCommand implements Callable<Integer> {

    @Option(names = "--rows", defaultValue = "10000000", description = "Points to ingest (default ${DEFAULT-VALUE})")
    long rows;

    @Option(names = "--sensors", defaultValue = "10", description = "Sensors the points are spread over (default ${DEFAULT-VALUE})")
    int sensors;

    @Option(names = "--batch", defaultValue = "100000", description = "Points per ingest call, one transaction each (default ${DEFAULT-VALUE})")
    int batch;

    @Option(names = "--postgres", defaultValue = "jdbc:postgresql://127.0.0.1:5432/test?user=postgres",
            description = "PostgreSQL JDBC URL; a new schema is created there and dropped afterwards (default ${DEFAULT-VALUE})")
    String postgres;

    @Option(names = "--skip-postgres", description = "Measure SQLite only")
    boolean skipPostgres;

    @Option(names = "--out", description = "Write the results as JSON to this file")
    Path out;

    /** One database's figures. */
    record Figures(double ingestRowsPerSecond, double ingestSeconds, long rangeRows, double rangeReadRowsPerSecond) {
    }

    @Override
    public Integer call() throws Exception {
        if (rows < sensors || sensors < 1 || batch < 1) {
            throw new io.prognos.cli.UserInputException("need --rows >= --sensors >= 1 and --batch >= 1");
        }
        PrintStream o = System.out;
        o.printf("prognos bench ingest: %,d points over %d sensors, %,d per transaction, %s%n", rows, sensors, batch,
                BuildInfo.platform());
        Path dir = Files.createTempDirectory("prognos-bench-ingest");
        Map<String, Figures> results = new LinkedHashMap<>();
        try {
            results.put("sqlite", measure("SQLite", Database.open(dir.resolve("bench.db").toString())));
            if (!skipPostgres) {
                String schema = "prognos_bench_" + System.currentTimeMillis();
                try (Connection c = DriverManager.getConnection(postgres); Statement s = c.createStatement()) {
                    s.execute("CREATE SCHEMA " + schema);
                }
                try {
                    String url = postgres + (postgres.contains("?") ? "&" : "?") + "currentSchema=" + schema;
                    results.put("postgresql", measure("PostgreSQL", Database.open(url)));
                } finally {
                    try (Connection c = DriverManager.getConnection(postgres); Statement s = c.createStatement()) {
                        s.execute("DROP SCHEMA " + schema + " CASCADE");
                    }
                }
            }
        } finally {
            try (var files = Files.walk(dir)) {
                files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        o.println();
        o.printf("%-11s %16s %10s %14s %18s%n", "database", "ingest rows/s", "ingest s", "range rows", "range read rows/s");
        results.forEach((name, f) -> o.printf("%-11s %,16.0f %10.1f %,14d %,18.0f%n", name, f.ingestRowsPerSecond(),
                f.ingestSeconds(), f.rangeRows(), f.rangeReadRowsPerSecond()));
        o.println("Targets: >= 300,000 rows/s into SQLite, >= 200,000 into PostgreSQL, range reads >= 1,000,000 rows/s.");
        if (out != null) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("benchmark", "ingest");
            root.put("rows", rows);
            root.put("sensors", sensors);
            root.put("batch", batch);
            root.put("platform", BuildInfo.platform());
            root.put("code_version", BuildInfo.version());
            root.put("sqlite_rows_per_s", results.get("sqlite").ingestRowsPerSecond());
            if (results.containsKey("postgresql")) {
                root.put("postgres_rows_per_s", results.get("postgresql").ingestRowsPerSecond());
                root.put("postgres_range_read_rows_per_s", results.get("postgresql").rangeReadRowsPerSecond());
            }
            root.put("range_read_rows_per_s", results.get("sqlite").rangeReadRowsPerSecond());
            root.put("range_rows", results.get("sqlite").rangeRows());
            root.put("details", results);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), root);
            o.println("wrote " + out);
        }
        return 0;
    }

    private Figures measure(String name, Database db) {
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("bench", "Benchmark rig", "generated", null, 1));
        for (int s = 0; s < sensors; s++) {
            assets.save(new Sensor("bench.s" + s, "bench", "signal " + s, "1", Duration.ofSeconds(1), null, null, null));
        }
        TelemetryRepository telemetry = new TelemetryRepository(db);
        long perSensor = rows / sensors;
        Random random = new Random(42);
        long ingested = 0;
        double seconds = 0;
        try (Progress progress = Progress.start(name, perSensor * sensors)) {
            for (int s = 0; s < sensors; s++) {
                for (long from = 0; from < perSensor; from += batch) {
                    int n = (int) Math.min(batch, perSensor - from);
                    long[] ts = new long[n];
                    double[] values = new double[n];
                    for (int i = 0; i < n; i++) {
                        ts[i] = 1_700_000_000_000L + (from + i) * 1000L;
                        values[i] = Math.sin((from + i) / 500.0) + 0.1 * random.nextGaussian();
                    }
                    long t0 = System.nanoTime();
                    ingested += telemetry.ingest("bench.s" + s, ts, values).inserted();
                    seconds += (System.nanoTime() - t0) / 1e9;
                    progress.stepBy(n);
                }
            }
        }
        long t0 = System.nanoTime();
        TelemetrySeries series = telemetry.readAll("bench.s0");
        double readSeconds = (System.nanoTime() - t0) / 1e9;
        if (ingested != perSensor * sensors || series.size() != perSensor) {
            throw new IllegalStateException(name + ": stored " + ingested + " and read back " + series.size()
                    + " rows, expected " + perSensor * sensors + " and " + perSensor);
        }
        return new Figures(ingested / seconds, seconds, series.size(), series.size() / readSeconds);
    }
}
