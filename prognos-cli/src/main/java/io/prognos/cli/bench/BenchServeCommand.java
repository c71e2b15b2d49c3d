package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.prognos.cli.BuildInfo;
import io.prognos.cli.Progress;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.FleetTrainer;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.PrognosServer;
import io.prognos.server.ServerSettings;
import io.prognos.store.AssetRepository;
import org.eclipse.paho.client.mqttv3.MqttAsyncClient;
import org.eclipse.paho.client.mqttv3.MqttConnectOptions;
import org.eclipse.paho.client.mqttv3.MqttException;
import org.eclipse.paho.client.mqttv3.persist.MemoryPersistence;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;

/**
 * {@code prognos bench serve}: the live server on a fresh SQLite store with the embedded broker.
 * <ol>
 *   <li>Ingest: MQTT batches (one message per timestamp, one point per sensor) published as fast as the
 *       broker takes them; points per second until every point is committed.</li>
 *   <li>Detection latency: a linear detector per sensor is trained on that history, then every sensor
 *       publishes one point a second; spikes are injected into a tenth of the sensors, and for each the time
 *       from publishing its first spike point to its anomaly being stored is measured (p50, p99).</li>
 * </ol>
 */
@Command(name = "serve", mixinStandardHelpOptions = true,
        description = "MQTT ingest rate (points/s, persisted) and detection latency (published to anomaly stored, "
                + "p50/p99) with N sensors at 1 Hz.")
public final class BenchServeCommand implements Callable<Integer> {

    @Option(names = "--sensors", defaultValue = "1000", description = "Sensors (default ${DEFAULT-VALUE})")
    int sensors;

    @Option(names = "--history", defaultValue = "2400", description = "Readings per sensor published in the ingest "
            + "phase, then used to train the detectors (default ${DEFAULT-VALUE})")
    int history;

    @Option(names = "--live-seconds", defaultValue = "240", description = "Length of the 1 Hz phase (default ${DEFAULT-VALUE})")
    int liveSeconds;

    @Option(names = "--live-batch", defaultValue = "1", description = "Server's live batch: 1 judges what arrived since "
            + "the last pass, 0 waits for Telemanom's 70 (default ${DEFAULT-VALUE})")
    int liveBatch;

    @Option(names = "--out", description = "Write the results as JSON to this file")
    Path out;

    private static final long T0 = 1_767_225_600_000L;
    private static final String PREFIX = "prognos";

    @Override
    public Integer call() throws Exception {
        PrintStream o = System.out;
        Path dir = Files.createTempDirectory("prognos-bench-serve");
        PipelineContext context = PipelineContext.open(dir.resolve("prognos.db").toString(), dir, BuildInfo.version());
        AssetRepository assets = new AssetRepository(context.db());
        assets.save(new Asset("BENCH", "Bench fleet", "bench", "here", 3));
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < sensors; i++) {
            String id = String.format("B-%05d", i);
            ids.add(id);
            assets.save(new Sensor(id, "BENCH", id, "u", Duration.ofSeconds(1), null, null, null));
        }
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withEmbeddedMqtt(0)
                .withLiveBatch(liveBatch);
        Random random = new Random(1);
        double[] phase = new double[sensors];
        for (int i = 0; i < sensors; i++) {
            phase[i] = random.nextDouble() * 2 * Math.PI;
        }
        Map<String, Object> results = new LinkedHashMap<>();
        try (PrognosServer server = PrognosServer.start(context, settings)) {
            MqttAsyncClient client = new MqttAsyncClient(server.brokerUrl(), "bench-publisher", new MemoryPersistence());
            MqttConnectOptions options = new MqttConnectOptions();
            options.setMaxInflight(1000);
            client.connect(options).waitForCompletion(10_000);

            // 1. ingest
            long total = (long) sensors * history;
            long start = System.nanoTime();
            try (Progress progress = Progress.start("ingest over MQTT", history)) {
                for (int step = 0; step < history; step++) {
                    publish(client, batch(ids, phase, step, random, -1));
                    progress.step("");
                }
            }
            long deadline = System.nanoTime() + 120_000_000_000L;
            long stored;
            while ((stored = storedPoints(context)) < total) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("only " + stored + " of " + total + " points were stored within 120 s "
                            + "of the last publish; the server log says why (dead letters are logged)");
                }
                Thread.sleep(50);
            }
            double ingestSeconds = (System.nanoTime() - start) / 1e9;
            double ingestRate = total / ingestSeconds;
            o.printf("ingest: %,d points (%d sensors x %d) published and committed in %.1f s: %,.0f points/s (target 50,000)%n",
                    total, sensors, history, ingestSeconds, ingestRate);
            results.put("ingest_points", total);
            results.put("ingest_seconds", ingestSeconds);
            results.put("ingest_points_per_s", ingestRate);

            // 2. detectors on that history
            long t0 = System.nanoTime();
            try (Progress progress = Progress.start("training detectors", sensors)) {
                for (SensorTrainer.Outcome outcome : new FleetTrainer(context, 2).train(ids,
                        TrainingOptions.defaults().withSeed(0, "bench"), x -> progress.step(x.sensorId()))) {
                    if (outcome.status() == SensorTrainer.Outcome.Status.FAILED) {
                        throw new IllegalStateException(outcome.sensorId() + ": " + outcome.message());
                    }
                }
            }
            o.printf("trained %d linear detectors in %.1f s%n", sensors, (System.nanoTime() - t0) / 1e9);

            // 3. live at 1 Hz with spikes into every tenth sensor
            int spikeAt = 60;
            Map<String, Long> spikePublished = new HashMap<>();
            long wallStart = System.currentTimeMillis();
            try (Progress progress = Progress.start("live at 1 Hz", liveSeconds)) {
                for (int s = 0; s < liveSeconds; s++) {
                    long due = wallStart + s * 1000L;
                    long wait = due - System.currentTimeMillis();
                    if (wait > 0) {
                        Thread.sleep(wait);
                    }
                    int step = history + s;
                    boolean spike = s >= spikeAt && s < spikeAt + 5;
                    publish(client, batch(ids, phase, step, random, spike ? 10 : -1));
                    if (s == spikeAt) {
                        long now = System.currentTimeMillis();
                        for (int i = 0; i < sensors; i += 10) {
                            spikePublished.put(ids.get(i), now);
                        }
                    }
                    progress.step("");
                }
            }
            Thread.sleep(3_000);
            Map<String, Long> detected = firstDetections(context, T0 + 1000L * (history + spikeAt - 200));
            double[] latencies = spikePublished.entrySet().stream().filter(e -> detected.containsKey(e.getKey()))
                    .mapToDouble(e -> (detected.get(e.getKey()) - e.getValue()) / 1000.0).sorted().toArray();
            long falseAlarms = detected.keySet().stream().filter(k -> !spikePublished.containsKey(k)).count();
            o.printf("detection: %d of %d spiked sensors detected; latency p50 %.1f s, p99 %.1f s, max %.1f s (target p99 <= 5 s); "
                            + "%d other sensors flagged in the same period%n", latencies.length, spikePublished.size(),
                    quantile(latencies, 0.5), quantile(latencies, 0.99), latencies.length == 0 ? Double.NaN
                            : latencies[latencies.length - 1], falseAlarms);
            o.printf("scoring pass per sensor: p50 %.1f ms, p99 %.1f ms%n", 1000 * percentile(server, "prognos_scoring_seconds", "0.5"),
                    1000 * percentile(server, "prognos_scoring_seconds", "0.99"));
            results.put("sensors", sensors);
            results.put("live_batch", liveBatch == 0 ? 70 : liveBatch);
            results.put("spiked_sensors", spikePublished.size());
            results.put("detected", latencies.length);
            results.put("detection_latency_p50_s", quantile(latencies, 0.5));
            results.put("detection_latency_p99_s", quantile(latencies, 0.99));
            results.put("other_sensors_flagged", falseAlarms);
            results.put("scoring_pass_p50_s", percentile(server, "prognos_scoring_seconds", "0.5"));
            results.put("scoring_pass_p99_s", percentile(server, "prognos_scoring_seconds", "0.99"));
            client.disconnect().waitForCompletion(5_000);
            client.close();
        }
        if (out != null) {
            Map<String, Object> json = new LinkedHashMap<>();
            json.put("benchmark", "serve");
            json.put("code_version", BuildInfo.version());
            json.put("results", results);
            new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT).writeValue(out.toFile(), json);
            o.println("wrote " + out);
        }
        return 0;
    }

    private static byte[] batch(List<String> ids, double[] phase, int step, Random random, double spike) {
        StringBuilder b = new StringBuilder(ids.size() * 48).append("{\"points\":[");
        for (int i = 0; i < ids.size(); i++) {
            double v = Math.sin(2 * Math.PI * step / 300.0 + phase[i]) + 0.05 * random.nextGaussian();
            if (spike > 0 && i % 10 == 0) {
                v += spike;
            }
            b.append(i == 0 ? "" : ",").append("{\"sensor\":\"").append(ids.get(i)).append("\",\"ts\":")
                    .append(T0 + 1000L * step).append(",\"value\":").append(v).append('}');
        }
        return b.append("]}").toString().getBytes(StandardCharsets.UTF_8);
    }

    private static void publish(MqttAsyncClient client, byte[] payload) throws InterruptedException {
        while (true) {
            try {
                client.publish(PREFIX + "/telemetry", payload, 1, false);
                return;
            } catch (MqttException e) {
                Thread.sleep(2); // too many publishes in flight: wait for acknowledgements
            }
        }
    }

    private static long storedPoints(PipelineContext context) {
        return context.db().jdbi().withHandle(h -> h.createQuery("SELECT COUNT(*) FROM telemetry").mapTo(Long.class).one());
    }

    private static Map<String, Long> firstDetections(PipelineContext context, long fromTs) {
        Map<String, Long> first = new HashMap<>();
        context.db().jdbi().useHandle(h -> h.createQuery("SELECT s.sensor_id, MIN(a.detected_at) AS t FROM anomaly a "
                        + "JOIN sensor s ON s.sensor_key = a.sensor_key WHERE a.end_ts >= :from GROUP BY s.sensor_id")
                .bind("from", fromTs).map((rs, ctx) -> Map.entry(rs.getString(1), rs.getLong(2)))
                .forEach(e -> first.put(e.getKey(), e.getValue())));
        return first;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) {
            return Double.NaN;
        }
        return sorted[Math.min(sorted.length - 1, (int) Math.ceil(q * sorted.length) - 1)];
    }

    private static double percentile(PrognosServer server, String metric, String q) {
        for (String line : server.metrics().scrape().split("\n")) {
            if (line.startsWith(metric + "{quantile=\"" + q + "\"}")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

}
