package io.prognos.cli.server;

import io.prognos.cli.store.StoreOptions;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.PipelineContext;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.server.sim.SimulatorPublisher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.io.PrintStream;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code prognos simulate}: registers the simulated fleet in the store (and optionally its history),
 * then publishes its live readings to an MQTT broker, for trying a real deployment.
 */
@Command(name = "simulate", mixinStandardHelpOptions = true,
        description = "Publish a simulated fleet (3 assets, 12 sensors, injected faults) to an MQTT broker; the fleet "
                + "is registered in the store first so that a server on the same store accepts it.")
public final class SimulateCommand implements Callable<Integer> {

    @Mixin
    StoreOptions store;

    @Option(names = "--broker", required = true, description = "MQTT broker URL, e.g. tcp://127.0.0.1:1883")
    String broker;

    @Option(names = "--topic-prefix", defaultValue = "prognos", description = "Topic prefix (default ${DEFAULT-VALUE})")
    String prefix;

    @Option(names = "--history-days", defaultValue = "0",
            description = "Store this many days of clean history directly before publishing (default ${DEFAULT-VALUE})")
    int historyDays;

    @Option(names = "--catch-up-hours", defaultValue = "12",
            description = "Simulated hours before now that publishing starts at (default ${DEFAULT-VALUE})")
    int catchUpHours;

    @Option(names = "--speed", defaultValue = "240", description = "Simulated seconds per second until the present "
            + "(default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--run-for", description = "Stop after this many seconds (default: until Ctrl-C)")
    Integer runFor;

    @Override
    public Integer call() throws InterruptedException {
        PrintStream o = System.out;
        if (historyDays < 0 || catchUpHours < 0) {
            throw new io.prognos.cli.UserInputException("--history-days and --catch-up-hours must be >= 0");
        }
        PipelineContext context = store.open();
        long period = FleetSimulator.PERIOD.toMillis();
        int historySteps = historyDays * 1440;
        FleetSimulator simulator = new FleetSimulator(seed,
                System.currentTimeMillis() - catchUpHours * 3_600_000L - historySteps * period, historySteps);
        SimulatedFleet.register(context.db(), simulator);
        long stored = SimulatedFleet.ingestUntil(context.db(), simulator, simulator.liveStartMillis());
        o.printf("Registered %d assets and %d sensors in %s; stored %,d history readings.%n", simulator.assets().size(),
                simulator.sensors().size(), context.db().describe(), stored);
        SimulatorPublisher publisher = SimulatorPublisher.start(simulator, broker, prefix, speed);
        CountDownLatch stopped = new CountDownLatch(1);
        Thread hook = new Thread(() -> {
            publisher.close();
            stopped.countDown();
        }, "prognos-simulate-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        o.println("Publishing to " + broker + " on " + prefix + "/telemetry/<sensor>; faults:");
        for (FleetSimulator.Fault f : simulator.faults()) {
            o.printf("  %-22s %-12s %s to %s%n", f.sensorId(), f.kind(), java.time.Instant.ofEpochMilli(f.startMillis()),
                    java.time.Instant.ofEpochMilli(f.endMillis()));
        }
        if (runFor != null) {
            if (!stopped.await(runFor, TimeUnit.SECONDS)) {
                Runtime.getRuntime().removeShutdownHook(hook);
                hook.run();
            }
            o.printf("Published %,d readings.%n", publisher.published());
        } else {
            stopped.await();
        }
        return 0;
    }
}
