package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prognos.cli.BuildInfo;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.PrognosServer;
import io.prognos.server.ServerSettings;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.AnomalyFeedback;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.StoredAnomaly;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/**
 * {@code prognos bench dashboard}: how fast the dashboard's pages and chart data answer when the store holds
 * months of data. The simulated fleet (12 sensors, one reading a minute) is stored for the given number of days
 * on a fresh SQLite store, with an anomaly about every two days per sensor and a verdict on every third; then
 * each page and API call the dashboard makes is requested repeatedly over HTTP with an admin token, and the
 * p50 and p99 answer times are printed beside the target.
 */
@Command(name = "dashboard", mixinStandardHelpOptions = true,
        description = "Answer times of the dashboard's pages and chart data with months of stored telemetry.")
public final class BenchDashboardCommand implements Callable<Integer> {

    @Option(names = "--days", defaultValue = "90", description = "Days of telemetry stored (default ${DEFAULT-VALUE})")
    int days;

    @Option(names = "--requests", defaultValue = "20", description = "Timed requests per page (default ${DEFAULT-VALUE})")
    int requests;

    @Option(names = "--out", description = "Write the results as JSON to this file")
    Path out;

    /** Every page should answer within this (p99). */
    static final double TARGET_SECONDS = 1.0;

    private static final long T0 = 1_767_225_600_000L;

    @Override
    public Integer call() throws Exception {
        if (days < 1 || days > 3650 || requests < 1) {
            throw new picocli.CommandLine.ParameterException(new picocli.CommandLine(this), "--days must be 1-3650 and "
                    + "--requests at least 1, got " + days + " and " + requests);
        }
        PrintStream o = System.out;
        Path dir = Files.createTempDirectory("prognos-bench-dashboard");
        PipelineContext context = PipelineContext.open(dir.resolve("prognos.db").toString(), dir, BuildInfo.version());
        FleetSimulator sim = new FleetSimulator(3, T0, days * 1440);
        SimulatedFleet.register(context.db(), sim);
        long started = System.nanoTime();
        long stored = SimulatedFleet.ingestUntil(context.db(), sim, sim.liveStartMillis());
        o.printf("stored %,d readings (%d sensors, %d days at one a minute) in %.1f s%n", stored, sim.sensors().size(), days,
                (System.nanoTime() - started) / 1e9);
        int anomalies = storeAnomalies(context, sim);
        o.printf("stored %,d anomalies, a third of them reviewed%n", anomalies);
        String sensor = "PUMP-101-VIBRATION";
        long trainStart = System.nanoTime();
        io.prognos.pipeline.SensorTrainer.Outcome forecaster = new io.prognos.pipeline.SensorForecaster(context)
                .train(sensor, 60, io.prognos.pipeline.TrainingOptions.defaults());
        if (forecaster.status() == io.prognos.pipeline.SensorTrainer.Outcome.Status.FAILED) {
            throw new IllegalStateException("the forecaster of " + sensor + " did not train: " + forecaster.message());
        }
        o.printf("trained a ridge forecaster for %s on all %d days in %.1f s (its forecast is on the sensor page)%n", sensor,
                days, (System.nanoTime() - trainStart) / 1e9);
        long lastDay = sim.liveStartMillis() - Duration.ofDays(1).toMillis();
        Map<String, String> pages = new LinkedHashMap<>();
        pages.put("fleet overview", "/");
        pages.put("sensor page", "/sensors/" + sensor);
        pages.put("telemetry, all " + days + " days (chart data)", "/api/v1/sensors/" + sensor + "/telemetry");
        pages.put("telemetry, last day (chart data)", "/api/v1/sensors/" + sensor + "/telemetry?from=" + lastDay);
        pages.put("forecast with time-to-limit (chart data)", "/api/v1/sensors/" + sensor + "/forecast");
        pages.put("anomalies", "/anomalies");
        pages.put("anomalies, filtered", "/anomalies?asset=PUMP-101&severity=high&review=unreviewed");
        pages.put("anomalies API", "/api/v1/anomalies?limit=500");
        pages.put("data quality, all sensors", "/quality");
        pages.put("risk ranking", "/risk");
        pages.put("work-order schedule", "/work-orders/schedule");
        pages.put("models", "/models");
        pages.put("experiments", "/experiments");
        pages.put("model monitoring", "/monitoring");
        pages.put("detector KPIs API", "/api/v1/monitoring/detectors");
        pages.put("system", "/system");

        List<Map<String, Object>> rows = new ArrayList<>();
        boolean allMet = true;
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt();
        try (PrognosServer server = PrognosServer.start(context, settings)) {
            String token = new TokenRepository(context.db()).issue("bench-admin", TokenRole.ADMIN).secret();
            HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
            o.printf("%n%-44s %9s %9s %10s%n", "page", "p50 ms", "p99 ms", "bytes");
            for (Map.Entry<String, String> page : pages.entrySet()) {
                HttpRequest request = HttpRequest.newBuilder(URI.create(server.httpUrl() + page.getValue()))
                        .header("Authorization", "Bearer " + token).timeout(Duration.ofSeconds(60)).GET().build();
                double[] seconds = new double[requests];
                int bytes = 0;
                for (int i = -1; i < requests; i++) {
                    long t = System.nanoTime();
                    HttpResponse<String> r = http.send(request, HttpResponse.BodyHandlers.ofString());
                    double took = (System.nanoTime() - t) / 1e9;
                    if (r.statusCode() != 200) {
                        throw new IllegalStateException(page.getValue() + " answered " + r.statusCode() + ": " + r.body());
                    }
                    if (i >= 0) { // the first request warms the page's code up and is not counted
                        seconds[i] = took;
                    }
                    bytes = r.body().length();
                }
                Arrays.sort(seconds);
                double p50 = percentile(seconds, 0.50);
                double p99 = percentile(seconds, 0.99);
                allMet &= p99 <= TARGET_SECONDS;
                o.printf("%-44s %9.1f %9.1f %,10d%n", page.getKey(), p50 * 1000, p99 * 1000, bytes);
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("page", page.getKey());
                row.put("path", page.getValue());
                row.put("p50_s", p50);
                row.put("p99_s", p99);
                row.put("bytes", bytes);
                rows.add(row);
            }
        }
        o.printf("%n%s: every page's p99 within %.0f s with %d days of telemetry%n", allMet ? "met" : "NOT met",
                TARGET_SECONDS, days);
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "dashboard");
            json.put("code_version", BuildInfo.version());
            json.put("days", days);
            json.put("readings", stored);
            json.put("anomalies", anomalies);
            json.put("requests_per_page", requests);
            json.put("target_p99_s", TARGET_SECONDS);
            json.put("pages", rows);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
            o.println("wrote " + out);
        }
        return allMet ? 0 : 1;
    }

    /** About one anomaly every two days per sensor, of mixed severities; every third one gets a verdict. */
    private static int storeAnomalies(PipelineContext context, FleetSimulator sim) {
        AnomalyRepository repo = new AnomalyRepository(context.db());
        AnomalyFeedback feedback = new AnomalyFeedback(context.db());
        SplittableRandom random = new SplittableRandom(5);
        String[] severities = {"LOW", "MEDIUM", "HIGH", "CRITICAL"};
        long span = sim.liveStartMillis() - sim.startMillis();
        int count = 0;
        for (var s : sim.sensors()) {
            int n = (int) Math.max(1, span / Duration.ofDays(2).toMillis());
            for (int i = 0; i < n; i++) {
                long start = sim.startMillis() + (span / n) * i + random.nextLong(Duration.ofHours(12).toMillis());
                double score = random.nextDouble(0.2, 6.0);
                List<StoredAnomaly> saved = repo.saveMerging(s.id(), null, List.of(new StoredAnomaly(0, s.id(), null, start,
                        start + Duration.ofMinutes(30 + random.nextInt(120)).toMillis(), score,
                        severities[Math.min(3, (int) (score / 1.5))], start)), 0);
                if (count++ % 3 == 0) {
                    feedback.record(saved.get(0).anomalyId(), random.nextBoolean() ? AnomalyFeedback.Verdict.CONFIRMED
                            : AnomalyFeedback.Verdict.REJECTED, "bench", null);
                }
            }
        }
        return count;
    }

    private static double percentile(double[] sorted, double q) {
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }
}
