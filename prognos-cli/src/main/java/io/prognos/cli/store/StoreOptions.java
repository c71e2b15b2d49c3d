package io.prognos.cli.store;

import io.prognos.cli.BuildInfo;
import io.prognos.cli.UserInputException;
import io.prognos.pipeline.PipelineContext;
import io.prognos.pipeline.PrognosConfig;
import picocli.CommandLine;
import picocli.CommandLine.Option;

import java.nio.file.Path;

/**
 * Where the store is and which configuration applies: {@code --db} (a SQLite file path or a
 * PostgreSQL JDBC URL), {@code --data-dir} (artifacts, and the SQLite file by default) and
 * {@code --config} ({@code prognos.yaml}). An option beats its environment variable (PROGNOS_DB,
 * PROGNOS_DATA_DIR, PROGNOS_CONFIG), which beats the configuration file, which beats the default.
 */
public final class StoreOptions {

    @Option(names = "--data-dir", scope = CommandLine.ScopeType.INHERIT,
            description = "Data directory (default: $PROGNOS_DATA_DIR, store.data_dir in prognos.yaml, or ./prognos-data)")
    Path dataDir;

    @Option(names = "--db", scope = CommandLine.ScopeType.INHERIT, description = "SQLite file or jdbc:postgresql:// URL "
            + "(default: $PROGNOS_DB, store.db in prognos.yaml, or <data-dir>/prognos.db)")
    String db;

    @Option(names = "--config", scope = CommandLine.ScopeType.INHERIT,
            description = "Configuration file (default: $PROGNOS_CONFIG, or ./prognos.yaml when it exists)")
    Path configFile;

    private PrognosConfig config;

    /** The configuration file's settings with the environment's overrides. */
    public PrognosConfig config() {
        if (config == null) {
            String env = System.getenv("PROGNOS_CONFIG");
            Path file = configFile != null ? configFile : env != null && !env.isBlank() ? Path.of(env) : Path.of("prognos.yaml");
            boolean required = configFile != null || (env != null && !env.isBlank());
            try {
                config = PrognosConfig.load(file, required, System.getenv());
            } catch (IllegalArgumentException e) {
                throw new UserInputException(e.getMessage());
            }
        }
        return config;
    }

    public Path dataDir() {
        if (dataDir != null) {
            return dataDir;
        }
        String configured = config().store().dataDir();
        return Path.of(configured != null && !configured.isBlank() ? configured : "prognos-data");
    }

    public String database() {
        if (db != null) {
            return db;
        }
        String configured = config().store().db();
        return configured != null && !configured.isBlank() ? configured : dataDir().resolve("prognos.db").toString();
    }

    public PipelineContext open() {
        return PipelineContext.open(database(), dataDir(), BuildInfo.version());
    }
}
