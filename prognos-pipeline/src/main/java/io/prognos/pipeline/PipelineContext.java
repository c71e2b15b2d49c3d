package io.prognos.pipeline;

import io.prognos.store.ArtifactStore;
import io.prognos.store.Database;
import io.prognos.store.ModelRegistry;

import java.nio.file.Path;

/**
 * The store a pipeline works against: the database, the artifact directory, and the code version
 * recorded with every run and model version.
 */
public record PipelineContext(Database db, ArtifactStore artifacts, String codeVersion) {

    public static PipelineContext open(String database, Path dataDir, String codeVersion) {
        return new PipelineContext(Database.open(database), new ArtifactStore(dataDir.resolve("artifacts")), codeVersion);
    }

    public ModelRegistry registry() {
        return new ModelRegistry(db);
    }
}
