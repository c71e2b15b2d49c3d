package io.prognos.cli.store;

import io.prognos.cli.BuildInfo;
import io.prognos.pipeline.PipelineContext;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the store is: {@code --db} (a SQLite file path or a PostgreSQL JDBC URL) and {@code --data-dir}
 * (artifacts, and the SQLite file by default). Environment overrides: PROGNOS_DB, PROGNOS_DATA_DIR.
 */
public final class StoreOptions {

    @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT, description = "Data directory (default: $PROGNOS_DATA_DIR or ./prognos-data)")
    Path dataDir;

    @Option(names = "--db", scope = CommandLine.ScopeType.INHERIT, description = "SQLite file or jdbc:postgresql:// URL (default: $PROGNOS_DB or "
            + "<data-dir>/prognos.db)")
    String db;

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        String env = System.getenv("PROGNOS_DATA_DIR");
        return Path.of(env != null && !env.isBlank() ? env : "prognos-data");
    }

    public String database() {
        if (db != null) {
            return db;
        }
        String env = System.getenv("PROGNOS_DB");
        return env != null && !env.isBlank() ? env : dataDir().resolve("prognos.db").toString();
    }

    public PipelineContext open() {
        return PipelineContext.open(database(), dataDir(), BuildInfo.version());
    }
}
