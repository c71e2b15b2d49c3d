package io.prognos.cli.bench;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** {@code prognos bench ...}: accuracy and speed benchmarks that print a table and can write JSON. */
@Command(name = "bench", description = "Benchmarks on public data sets; each prints a table and can write JSON.",
        mixinStandardHelpOptions = true, subcommands = {BenchNasaCommand.class, BenchDetectSpeedCommand.class, BenchIngestCommand.class, BenchEttCommand.class, BenchNabCommand.class,
                BenchServeCommand.class, BenchDashboardCommand.class,
                ChannelWorkerCommand.class})
public final class BenchCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }
}
