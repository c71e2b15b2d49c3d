package io.prognos.cli.store;

import io.prognos.cli.UserInputException;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.DatasetRepository;
import io.prognos.store.DatasetVersion;
import io.prognos.store.ModelVersion;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

import java.io.PrintStream;
import java.time.Instant;

/** {@code prognos datasets}: dataset versions and lineage. */
@Command(name = "datasets", mixinStandardHelpOptions = true, description = "Dataset versions and their lineage.")
public final class DatasetsCommand {

    @Mixin
    StoreOptions store;

    @Command(name = "lineage", description = "From a model version back to the raw data it was trained on")
    int lineage(@Parameters(paramLabel = "MODEL_VERSION_ID") long id) {
        PipelineContext context = store.open();
        ModelVersion v = context.registry().find(id).orElseThrow(() -> new UserInputException("no model version " + id));
        PrintStream o = System.out;
        o.println(v.label() + " (id " + v.versionId() + ", run " + v.runId() + ", code " + v.codeVersion() + ")");
        if (v.datasetHash() == null) {
            o.println("  no dataset version recorded");
            return 1;
        }
        String indent = "  ";
        for (DatasetVersion d : new DatasetRepository(context.db()).lineage(v.datasetHash())) {
            o.printf("%s<- dataset %s: %s, %,d rows, %s .. %s%n", indent, d.hash(), d.sensors(), d.rowCount(),
                    Instant.ofEpochMilli(d.startMillis()), Instant.ofEpochMilli(d.endMillis()));
            o.printf("%s   preprocessing %s%n", indent, d.preprocessing());
            indent += "  ";
        }
        return 0;
    }
}
