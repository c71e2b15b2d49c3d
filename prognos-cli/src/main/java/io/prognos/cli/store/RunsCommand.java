package io.prognos.cli.store;

import io.prognos.cli.UserInputException;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Instant;
import java.util.Map;
import java.util.TreeSet;

/** {@code prognos runs}: tracked training runs. */
@Command(name = "runs", mixinStandardHelpOptions = true, description = "List, show and compare tracked runs.")
public final class RunsCommand {

    @Mixin
    StoreOptions store;

    private RunTracker tracker() {
        return new RunTracker(store.open().db(), "cli");
    }

    @Command(name = "list", description = "Newest runs first")
    int list(@Option(names = "--limit", defaultValue = "50") int limit) {
        PrintStream o = System.out;
        o.printf("%-36s %-15s %-8s %-24s %s%n", "run", "experiment", "status", "started", "metrics");
        for (Run r : tracker().list(null, limit)) {
            o.printf("%-36s %-15s %-8s %-24s %s%n", r.runId(), r.experiment(), r.status(),
                    Instant.ofEpochMilli(r.startedAtMillis()), r.error() != null ? "ERROR: " + r.error() : r.metrics());
        }
        return 0;
    }

    @Command(name = "show", description = "A run with parameters, provenance, metric curves and artifacts")
    int show(@Parameters(paramLabel = "RUN_ID") String id) {
        RunTracker runs = tracker();
        Run r = runs.find(id).orElseThrow(() -> new UserInputException("no run " + id));
        PrintStream o = System.out;
        o.println("run " + r.runId() + " (" + r.experiment() + ") " + r.status());
        o.println("  job:          " + r.jobKey());
        o.println("  started:      " + Instant.ofEpochMilli(r.startedAtMillis())
                + (r.endedAtMillis() == null ? "" : ", ended " + Instant.ofEpochMilli(r.endedAtMillis())));
        o.println("  params:       " + r.params());
        o.println("  dataset:      " + r.datasetHash());
        o.println("  code:         " + r.codeVersion());
        o.println("  environment:  " + r.environment());
        o.println("  metrics:      " + r.metrics());
        for (String metric : new String[] {"train_loss", "early_stopping_loss"}) {
            Map<Integer, Double> steps = runs.steps(r.runId(), metric);
            if (!steps.isEmpty()) {
                o.println("  " + metric + " by epoch: " + steps);
            }
        }
        o.println("  artifacts:    " + runs.artifacts(r.runId()));
        if (r.error() != null) {
            o.println("  error:        " + r.error());
        }
        return 0;
    }

    @Command(name = "compare", description = "Two runs' parameters and metrics side by side")
    int compare(@Parameters(index = "0", paramLabel = "RUN_A") String a, @Parameters(index = "1", paramLabel = "RUN_B") String b) {
        RunTracker runs = tracker();
        Run ra = runs.find(a).orElseThrow(() -> new UserInputException("no run " + a));
        Run rb = runs.find(b).orElseThrow(() -> new UserInputException("no run " + b));
        PrintStream o = System.out;
        o.printf("%-30s %-28s %-28s%n", "", shortId(a), shortId(b));
        TreeSet<String> params = new TreeSet<>(ra.params().keySet());
        params.addAll(rb.params().keySet());
        for (String p : params) {
            o.printf("%-30s %-28s %-28s%n", "param " + p, ra.params().get(p), rb.params().get(p));
        }
        TreeSet<String> metrics = new TreeSet<>(ra.metrics().keySet());
        metrics.addAll(rb.metrics().keySet());
        for (String m : metrics) {
            o.printf("%-30s %-28s %-28s%n", "metric " + m, ra.metrics().get(m), rb.metrics().get(m));
        }
        o.printf("%-30s %-28s %-28s%n", "dataset", shortId(ra.datasetHash()), shortId(rb.datasetHash()));
        o.printf("%-30s %-28s %-28s%n", "code", ra.codeVersion(), rb.codeVersion());
        return 0;
    }

    private static String shortId(String id) {
        return id == null ? "-" : id.length() > 12 ? id.substring(0, 12) : id;
    }
}
