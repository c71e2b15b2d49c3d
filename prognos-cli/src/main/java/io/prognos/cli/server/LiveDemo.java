package io.prognos.cli.server;

import io.prognos.cli.BuildInfo;
import io.prognos.cli.Progress;
import io.prognos.cli.UserInputException;
import io.prognos.core.asset.Sensor;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.FleetTrainer;
import io.prognos.pipeline.ForecasterChoice;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.PrognosServer;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.server.sim.SimulatorPublisher;
import io.prognos.store.AlertRepository;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * The live demo: a fresh SQLite store in the demo directory, the simulated fleet's clean history (four
 * days at one reading a minute), quick models (a linear Telemanom detector and a ridge forecaster per
 * sensor), then the server with the embedded broker while the simulator publishes the last twelve
 * simulated hours (with the faults) at an accelerated pace, and real time after that.
 */
public final class LiveDemo {

    /** Marks a directory as the demo's own, so that a re-run may replace its store. */
    static final String MARKER = ".prognos-demo";
    static final int HISTORY_DAYS = 4;
    static final Duration CATCH_UP = Duration.ofHours(12);
    static final int FORECAST_HORIZON = 360;

    private final Path dataDir;
    private final long seed;
    private final double speed;
    private final Integer runForSeconds;

    public LiveDemo(Path dataDir, long seed, double speed, Integer runForSeconds) {
        this.dataDir = dataDir;
        this.seed = seed;
        this.speed = speed;
        this.runForSeconds = runForSeconds;
    }

    public int run(ServerOptions serverOptions, boolean portsExplicit, PrintStream o) throws Exception {
        prepareDirectory(o);
        var settings = serverOptions.settings(o, portsExplicit, null);
        PipelineContext context = PipelineContext.open(dataDir.resolve("prognos.db").toString(), dataDir,
                BuildInfo.version());
        long period = FleetSimulator.PERIOD.toMillis();
        int historySteps = HISTORY_DAYS * 1440;
        long now = System.currentTimeMillis();
        FleetSimulator simulator = new FleetSimulator(seed, now - CATCH_UP.toMillis() - historySteps * period, historySteps);
        SimulatedFleet.register(context.db(), simulator);
        long t0 = System.nanoTime();
        long stored = SimulatedFleet.ingestUntil(context.db(), simulator, simulator.liveStartMillis());
        o.printf("Simulated fleet: %d assets, %d sensors; stored %,d readings of clean history (%d days) in %.1f s.%n",
                simulator.assets().size(), simulator.sensors().size(), stored, HISTORY_DAYS, seconds(t0));
        train(context, simulator.sensors(), o);
        Path tokenFile = AdminToken.ensure(context.db(), dataDir);
        new AlertRepository(context.db()).addRule(new AlertRepository.Rule(0, "demo: high anomalies and limit risks",
                "HIGH", 1, null, null, true, "dashboard", null, 0, 0.5));
        PrognosServer server = PrognosServer.start(context, settings);
        SimulatorPublisher publisher = SimulatorPublisher.start(simulator, server.brokerUrl(), "prognos", speed);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            publisher.close();
            server.close();
            stopped.countDown();
        }, "prognos-demo-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        o.println();
        o.println("Prognos demo is running.");
        o.println("  dashboard   " + server.httpUrl() + "/");
        o.println("  API         " + server.httpUrl() + "/api/v1  (OpenAPI at /api/v1/openapi.json)");
        o.println("  admin token " + (tokenFile == null ? "(kept from before)" : tokenFile.toAbsolutePath()
                + "  (readable by you only; send it as 'Authorization: Bearer TOKEN')"));
        o.println("  MQTT        " + server.brokerUrl() + "  (publish to prognos/telemetry/<sensor>)");
        o.printf("The simulator replays the last %d simulated hours at %.0fx, then runs in real time. Injected faults:%n",
                CATCH_UP.toHours(), speed);
        for (FleetSimulator.Fault f : simulator.faults()) {
            long dueSeconds = (long) ((f.startMillis() - simulator.liveStartMillis()) / speed / 1000);
            o.printf("  %-22s %-12s from %s  (streamed about %d s from now)%n", f.sensorId(), f.kind(),
                    Instant.ofEpochMilli(f.startMillis()), dueSeconds);
        }
        o.println("Stop with Ctrl-C.");
        o.flush();
        if (runForSeconds != null) {
            boolean done = stopped.await(runForSeconds, TimeUnit.SECONDS);
            if (!done) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hook.run();
            }
            o.printf("Demo stopped after %d s: %,d readings published.%n", runForSeconds, publisher.published());
        } else {
            stopped.await();
        }
        return 0;
    }

    private void train(PipelineContext context, List<Sensor> sensors, PrintStream o) throws InterruptedException {
        List<String> ids = sensors.stream().map(Sensor::id).toList();
        TrainingOptions options = TrainingOptions.defaults().withSeed(seed, "demo");
        long t0 = System.nanoTime();
        int promoted = 0;
        try (Progress progress = Progress.start("training detectors", ids.size())) {
            for (SensorTrainer.Outcome outcome : new FleetTrainer(context, 2).train(ids, options,
                    out -> progress.step(out.sensorId() + " " + out.status()))) {
                if (outcome.status() == SensorTrainer.Outcome.Status.FAILED) {
                    throw new IllegalStateException("demo detector for " + outcome.sensorId() + " failed: "
                            + outcome.message());
                }
                promoted++;
            }
        }
        o.printf("Trained %d linear Telemanom detectors in %.1f s.%n", promoted, seconds(t0));
        t0 = System.nanoTime();
        SensorForecaster forecaster = new SensorForecaster(context);
        try (Progress progress = Progress.start("training forecasters", ids.size())) {
            for (String id : ids) {
                SensorTrainer.Outcome outcome = forecaster.train(id, FORECAST_HORIZON, ForecasterChoice.of("ridge"), options);
                if (outcome.status() == SensorTrainer.Outcome.Status.FAILED) {
                    throw new IllegalStateException("demo forecaster for " + id + " failed: " + outcome.message());
                }
                progress.step(id);
            }
        }
        o.printf("Trained %d ridge forecasters (%d steps = %d h ahead) in %.1f s.%n", ids.size(), FORECAST_HORIZON,
                FORECAST_HORIZON / 60, seconds(t0));
    }

    private void prepareDirectory(PrintStream o) throws IOException {
        Path db = dataDir.resolve("prognos.db");
        if (Files.exists(db)) {
            if (!Files.exists(dataDir.resolve(MARKER))) {
                throw new UserInputException(dataDir.toAbsolutePath() + " holds a store that the demo did not create; "
                        + "give the demo another directory with --data-dir");
            }
            o.println("Replacing the previous demo's store in " + dataDir.toAbsolutePath());
            try (Stream<Path> files = Files.walk(dataDir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    if (!p.equals(dataDir)) {
                        Files.delete(p);
                    }
                }
            }
        }
        Files.createDirectories(dataDir);
        Files.writeString(dataDir.resolve(MARKER), "created by 'prognos demo'; the next demo run replaces this directory\n");
    }

    private static double seconds(long startNanos) {
        return (System.nanoTime() - startNanos) / 1e9;
    }
}
