package io.prognos.cli;

import io.prognos.cli.bench.BenchCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code prognos} command: dispatches to its subcommands. */
@Command(name = "prognos",
        mixinStandardHelpOptions = true,
        versionProvider = BuildInfo.class,
        description = "Predictive maintenance for sensor-instrumented equipment.",
        subcommands = {DemoCommand.class, DetectCommand.class, ForecastCommand.class, BenchCommand.class,
                io.prognos.cli.store.IngestCommand.class, io.prognos.cli.store.TrainCommand.class,
                io.prognos.cli.store.ModelsCommand.class, io.prognos.cli.store.RunsCommand.class,
                io.prognos.cli.store.DatasetsCommand.class, io.prognos.cli.store.QualityCommand.class,
                io.prognos.cli.store.FleetCommand.Assets.class, io.prognos.cli.store.FleetCommand.Sensors.class,
                io.prognos.cli.server.ServeCommand.class, io.prognos.cli.server.SimulateCommand.class,
                io.prognos.cli.server.TokensCommand.class,
                CommandLine.HelpCommand.class})
public final class PrognosCommand implements Runnable {

    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(System.out);
    }

    public static void main(String[] args) {
        if (System.getProperty("ai.djl.offline") == null) {
            System.setProperty("ai.djl.offline", "true");
        }
        System.exit(newCommandLine().execute(args));
    }

    /** A command line with the project's error handling, also used by tests. */
    public static CommandLine newCommandLine() {
        CommandLine commandLine = new CommandLine(new PrognosCommand());
        commandLine.setExecutionExceptionHandler((ex, cmd, parseResult) -> {
            cmd.getErr().println(cmd.getColorScheme().errorText("error: " + ex.getMessage()));
            if (ex.getCause() != null && !(ex instanceof UserInputException)) {
                cmd.getErr().println("  caused by: " + ex.getCause());
            }
            return 2;
        });
        return commandLine;
    }
}
