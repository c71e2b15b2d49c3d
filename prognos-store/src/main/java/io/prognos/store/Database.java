package io.prognos.store;

import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.FlywayException;
import org.jdbi.v3.core.Handle;
import org.jdbi.v3.core.Jdbi;
import org.jdbi.v3.core.statement.SqlStatements;
import org.jdbi.v3.core.transaction.TransactionIsolationLevel;
import org.postgresql.ds.PGSimpleDataSource;
import org.sqlite.SQLiteConfig;
import org.sqlite.SQLiteDataSource;

import javax.sql.DataSource;
import java.nio.file.Files;
import java.nio.file.Path;
import java.io.IOException;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * An opened, migrated Prognos store: embedded SQLite (a file, in WAL mode with a busy timeout, so
 * that readers never block the writer and a second process waits instead of failing) or a
 * PostgreSQL server. Opening applies the Flyway migrations of the dialect, so the schema is always
 * current. Connections are opened per unit of work and closed after it; there is nothing to close.
 */
public final class Database {

    /** How long a SQLite writer waits for another process's write lock before failing. */
    static final int SQLITE_BUSY_TIMEOUT_MS = 60_000;

    private final Dialect dialect;
    private final String location;
    private final DataSource dataSource;
    private final Jdbi jdbi;

    private Database(Dialect dialect, String location, DataSource dataSource) {
        this.dialect = dialect;
        this.location = location;
        this.dataSource = dataSource;
        this.jdbi = Jdbi.create(dataSource);
        // queries with optional filters bind every parameter and use those they need
        jdbi.getConfig(SqlStatements.class).setUnusedBindingAllowed(true);
    }

    /**
     * @param location a PostgreSQL JDBC URL ({@code jdbc:postgresql://host:port/db?user=...}), a SQLite JDBC
     *                 URL ({@code jdbc:sqlite:/path/file.db}) or a plain path of a SQLite file
     */
    public static Database open(String location) {
        Database db;
        if (location.startsWith("jdbc:postgresql:")) {
            PGSimpleDataSource ds = new PGSimpleDataSource();
            ds.setUrl(location);
            db = new Database(Dialect.POSTGRESQL, location, ds);
        } else {
            String file = location.startsWith("jdbc:sqlite:") ? location.substring("jdbc:sqlite:".length()) : location;
            db = openSqlite(Path.of(file));
        }
        db.migrate();
        return db;
    }

    /** The embedded store in {@code dataDir/prognos.db}. */
    public static Database openEmbedded(Path dataDir) {
        return open(dataDir.resolve("prognos.db").toString());
    }

    private static Database openSqlite(Path file) {
        Path parent = file.toAbsolutePath().getParent();
        try {
            if (parent != null) {
                Files.createDirectories(parent);
            }
        } catch (IOException e) {
            throw new StoreException("cannot create the data directory " + parent + ": " + e.getMessage(), e);
        }
        SQLiteConfig config = new SQLiteConfig();
        config.setJournalMode(SQLiteConfig.JournalMode.WAL);
        // In WAL mode NORMAL keeps every committed transaction across a process crash (kill -9);
        // only a power loss can drop the last ones.
        config.setSynchronous(SQLiteConfig.SynchronousMode.NORMAL);
        config.setBusyTimeout(SQLITE_BUSY_TIMEOUT_MS);
        config.enforceForeignKeys(true);
        config.setTempStore(SQLiteConfig.TempStore.MEMORY);
        // Transactions take the write lock when they begin, so two writers queue on the busy timeout
        // instead of one failing when it upgrades a read lock.
        config.setTransactionMode(SQLiteConfig.TransactionMode.IMMEDIATE);
        config.setCacheSize(-65_536);
        SQLiteDataSource ds = new SQLiteDataSource(config);
        ds.setUrl("jdbc:sqlite:" + file.toAbsolutePath());
        return new Database(Dialect.SQLITE, file.toAbsolutePath().toString(), ds);
    }

    private void migrate() {
        try {
            Flyway.configure()
                    .dataSource(dataSource)
                    .locations("classpath:db/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
                    .loggers("slf4j")
                    .load()
                    .migrate();
        } catch (FlywayException e) {
            throw new StoreException("cannot migrate the store at " + describe() + ": " + e.getMessage(), e);
        }
    }

    public Dialect dialect() {
        return dialect;
    }

    public Jdbi jdbi() {
        return jdbi;
    }

    /** A new JDBC connection (the caller closes it), for bulk paths that bypass Jdbi. */
    Connection connection() throws SQLException {
        return dataSource.getConnection();
    }

    /**
     * Runs work in one serializable transaction, retrying when the database reports a conflict with a
     * concurrent writer (PostgreSQL serialization failures and unique-index races; SQLite lock timeouts
     * already wait in the driver).
     */
    public <T> T inTransaction(TransactionWork<T> work) {
        int attempts = 0;
        while (true) {
            try {
                return jdbi.inTransaction(TransactionIsolationLevel.SERIALIZABLE, work::apply);
            } catch (RuntimeException e) {
                if (++attempts < 200 && isRetryable(e)) {
                    try {
                        // randomised, growing backoff so that colliding writers spread out
                        Thread.sleep((long) (Math.random() * Math.min(200, 5L * attempts)));
                    } catch (InterruptedException interrupted) {
                        Thread.currentThread().interrupt();
                        throw e;
                    }
                    continue;
                }
                throw e;
            }
        }
    }

    /** A unit of transactional work. */
    @FunctionalInterface
    public interface TransactionWork<T> {
        T apply(Handle handle);
    }

    private static boolean isRetryable(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SQLException sql) {
                String state = sql.getSQLState();
                // serialization failure, deadlock, and unique violations that PostgreSQL reports for
                // concurrent serializable inserts of the same key
                if ("40001".equals(state) || "40P01".equals(state) || "23505".equals(state)) {
                    return true;
                }
                String message = String.valueOf(sql.getMessage());
                if (message.contains("SQLITE_BUSY")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Where the store is, without credentials, for messages. */
    public String describe() {
        if (dialect == Dialect.POSTGRESQL) {
            int query = location.indexOf('?');
            return query < 0 ? location : location.substring(0, query);
        }
        return "SQLite " + location;
    }
}
