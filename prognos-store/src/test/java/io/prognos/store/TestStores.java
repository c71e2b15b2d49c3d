package io.prognos.store;

import org.junit.jupiter.api.Assumptions;

import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;

/**
 * Opens a fresh store of either dialect for a test: a SQLite file in the test's temporary directory,
 * or a new schema on the PostgreSQL server at 127.0.0.1:5432 (database {@code test}, overridable with
 * {@code PROGNOS_TEST_POSTGRES_URL}). Without a server the PostgreSQL cases are skipped with a message,
 * unless {@code PROGNOS_REQUIRE_SERVICES=1} (set by {@code .ci/run}) makes them fail.
 */
public final class TestStores {

    static final String POSTGRES_URL = System.getenv().getOrDefault("PROGNOS_TEST_POSTGRES_URL",
            "jdbc:postgresql://127.0.0.1:5432/test?user=postgres");

    private TestStores() {
    }

    public static Database open(Dialect dialect, Path tempDir) {
        return Database.open(location(dialect, tempDir));
    }

    /** A location for a fresh, empty store; for PostgreSQL, a new schema is created. */
    public static String location(Dialect dialect, Path tempDir) {
        if (dialect == Dialect.SQLITE) {
            return tempDir.resolve("store-" + UUID.randomUUID() + ".db").toString();
        }
        requirePostgres();
        String schema = "prognos_test_" + UUID.randomUUID().toString().replace("-", "").substring(0, 16);
        try (Connection c = DriverManager.getConnection(POSTGRES_URL); Statement s = c.createStatement()) {
            s.execute("CREATE SCHEMA " + schema);
        } catch (SQLException e) {
            throw new IllegalStateException("cannot create test schema on " + POSTGRES_URL + ": " + e.getMessage(), e);
        }
        return POSTGRES_URL + (POSTGRES_URL.contains("?") ? "&" : "?") + "currentSchema=" + schema;
    }

    static void requirePostgres() {
        boolean reachable;
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress("127.0.0.1", 5432), 1000);
            reachable = true;
        } catch (Exception e) {
            reachable = false;
        }
        if (!reachable && "1".equals(System.getenv("PROGNOS_REQUIRE_SERVICES"))) {
            throw new IllegalStateException("PostgreSQL is required (PROGNOS_REQUIRE_SERVICES=1) but nothing listens on "
                    + "127.0.0.1:5432");
        }
        Assumptions.assumeTrue(reachable, "PostgreSQL not reachable on 127.0.0.1:5432: PostgreSQL cases skipped");
    }
}
