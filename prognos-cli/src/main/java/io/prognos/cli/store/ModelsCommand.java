package io.prognos.cli.store;

import io.prognos.cli.UserInputException;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.Stage;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Instant;
import java.util.List;

/** {@code prognos models}: the registry's versions, and stage changes by hand. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List, show, promote, archive and roll back model versions.")
public final class ModelsCommand {

    @Mixin
    StoreOptions store;

    @Command(name = "list", description = "Model versions with stage, data version and held-out metrics")
    int list(@Option(names = "--sensor") String sensor, @Option(names = "--stage") String stage) {
        ModelRegistry registry = new ModelRegistry(store.open().db());
        List<ModelVersion> versions = registry.versions(sensor, null);
        PrintStream o = System.out;
        o.printf("%-6s %-16s %-10s %4s %-11s %-16s %-14s %s%n", "id", "sensor", "kind", "ver", "stage", "algorithm",
                "dataset", "held-out metrics");
        for (ModelVersion v : versions) {
            if (stage != null && v.stage() != Stage.parse(stage)) {
                continue;
            }
            o.printf("%-6d %-16s %-10s %4d %-11s %-16s %-14s %s%n", v.versionId(), v.sensorId(), v.kind(), v.version(),
                    v.stage().label(), v.algorithm(), v.datasetHash() == null ? "-" : v.datasetHash().substring(0, 12),
                    v.validationMetrics());
        }
        return 0;
    }

    @Command(name = "show", description = "One version in full, with its stage history")
    int show(@Parameters(paramLabel = "VERSION_ID") long id) {
        ModelRegistry registry = new ModelRegistry(store.open().db());
        ModelVersion v = registry.find(id).orElseThrow(() -> new UserInputException("no model version " + id));
        PrintStream o = System.out;
        o.println(v.label() + "  (id " + v.versionId() + ")");
        o.println("  stage:       " + v.stage().label());
        o.println("  algorithm:   " + v.algorithm());
        o.println("  run:         " + v.runId());
        o.println("  dataset:     " + v.datasetHash());
        o.println("  artifact:    " + v.artifactSha256());
        o.println("  code:        " + v.codeVersion());
        o.println("  created:     " + Instant.ofEpochMilli(v.createdAtMillis()));
        o.println("  held-out:    " + v.validationMetrics());
        o.println("  config:      " + v.config());
        o.println("  history:");
        for (ModelRegistry.StageChange c : registry.history(v.sensorId(), v.kind())) {
            o.printf("    %s  v%d %s -> %s by %s: %s%n", Instant.ofEpochMilli(c.changedAtMillis()), c.version(),
                    c.from().label(), c.to().label(), c.actor(), c.reason());
        }
        return 0;
    }

    @Command(name = "promote", description = "Move a version to a stage (default Production)")
    int promote(@Parameters(paramLabel = "VERSION_ID") long id,
                @Option(names = "--stage", defaultValue = "Production") String stage,
                @Option(names = "--reason", defaultValue = "by hand") String reason) {
        ModelVersion v = new ModelRegistry(store.open().db()).transition(id, Stage.parse(stage), actor(), reason);
        System.out.println(v.label() + " is now " + v.stage().label());
        return 0;
    }

    @Command(name = "archive", description = "Archive a version")
    int archive(@Parameters(paramLabel = "VERSION_ID") long id,
                @Option(names = "--reason", defaultValue = "by hand") String reason) {
        return promote(id, "Archived", reason);
    }

    @Command(name = "rollback", description = "Restore the previous Production version of a sensor's model")
    int rollback(@Parameters(paramLabel = "SENSOR") String sensor,
                 @Option(names = "--kind", defaultValue = "detector") String kind,
                 @Option(names = "--reason", defaultValue = "rollback by hand") String reason) {
        ModelVersion v = new ModelRegistry(store.open().db()).rollback(sensor, kind, actor(), reason);
        System.out.println(v.label() + " is Production again");
        return 0;
    }

    private static String actor() {
        return System.getProperty("user.name", "cli");
    }
}
