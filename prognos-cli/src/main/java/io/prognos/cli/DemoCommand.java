package io.prognos.cli;

import io.prognos.cli.server.ServerOptions;
import io.prognos.cli.server.LiveDemo;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.util.concurrent.Callable;

/**
 * {@code prognos demo}: the server on an embedded SQLite store with the embedded MQTT broker and a
 * simulated fleet streaming into it (see {@link LiveDemo}); with {@code --offline}, the batch demo that
 * trains and detects on one generated series and prints the result.
 */
@Command(name = "demo", mixinStandardHelpOptions = true,
        description = "Start the server with SQLite, the MQTT broker and a simulated fleet (3 assets, 12 sensors, "
                + "injected faults), and print the dashboard address. --offline: the batch demo on one generated series.")
public final class DemoCommand implements Callable<Integer> {

    @Option(names = "--data-dir", defaultValue = "prognos-demo",
            description = "Demo data directory; a previous demo's store there is replaced (default ${DEFAULT-VALUE})")
    Path dataDir;

    @Mixin
    ServerOptions server;

    @Option(names = "--speed", defaultValue = "240",
            description = "Simulated seconds per second until the simulation reaches the present (default ${DEFAULT-VALUE})")
    double speed;

    @Option(names = "--seed", defaultValue = "7")
    long seed;

    @Option(names = "--run-for", description = "Stop after this many seconds (default: run until Ctrl-C)")
    Integer runFor;

    @Option(names = "--offline", description = "Run the batch demo on one generated series instead (no server)")
    boolean offline;

    @Option(names = "--detector", defaultValue = "linear",
            description = "--offline: linear (seconds) or telemanom (LSTM, minutes); default ${DEFAULT-VALUE}")
    String detectorName;

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        if (offline) {
            return new OfflineDemo(detectorName, seed).run();
        }
        boolean portsExplicit = spec.commandLine().getParseResult().hasMatchedOption("--port")
                || spec.commandLine().getParseResult().hasMatchedOption("--mqtt-port");
        return new LiveDemo(dataDir, seed, speed, runFor).run(server, portsExplicit, System.out);
    }
}
