package io.prognos.store;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * V10 (the anomaly's streaming {@code detector}) on a store that already holds an anomaly from V9, and how
 * online anomalies (version null, detector set) are stored, read and kept apart from model versions' anomalies.
 */
class AnomalyDetectorMigrationTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void addsANullableDetectorAndKeepsOldAnomaliesAsTheModelVersionsOnes(Dialect dialect) {
        String location = TestStores.location(dialect, temp);
        String url = location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
                .target("9").loggers("slf4j").load().migrate();
        Jdbi v9 = Jdbi.create(url);
        v9.useHandle(h -> {
            h.execute("INSERT INTO asset (asset_id, name, asset_type, location, criticality, created_at) "
                    + "VALUES ('A', 'A', 'pump', 'x', 3, 0)");
            h.execute("INSERT INTO sensor (sensor_key, sensor_id, asset_id, name, unit, sampling_period_ms, created_at) "
                    + "VALUES (1, 'S', 'A', 's', 'u', 60000, 0)");
            h.execute("INSERT INTO anomaly (sensor_key, version_id, start_ts, end_ts, score, severity, detected_at) "
                    + "VALUES (1, NULL, 1000, 2000, 1.2, 'MEDIUM', 5)");
            assertThat(h.createQuery("SELECT COUNT(*) FROM anomaly").mapTo(Integer.class).one()).isEqualTo(1);
        });

        Database db = Database.open(location);   // applies V10
        Integer applied = db.jdbi().withHandle(h -> h.createQuery(
                "SELECT COUNT(*) FROM flyway_schema_history WHERE version = '10' AND success = "
                        + (dialect == Dialect.SQLITE ? "1" : "TRUE")).mapTo(Integer.class).one());
        assertThat(applied).as("V10 in the history").isEqualTo(1);
        AnomalyRepository repo = new AnomalyRepository(db);
        StoredAnomaly old = repo.list("S").get(0);
        assertThat(old.detector()).as("rows from before V10: the model version's detector").isNull();
        assertThat(old.score()).isEqualTo(1.2);
        assertThat(old.startMillis()).isEqualTo(1000);

        // an online detection far from the old anomaly: a new row with version null and the detector recorded
        StoredAnomaly online = repo.saveMerging("S", null, "knn-cad",
                List.of(new StoredAnomaly(0, "S", null, 600_000, 600_000, 7.0, "HIGH", 0, "knn-cad")), 60_000).get(0);
        assertThat(online.detector()).isEqualTo("knn-cad");
        assertThat(online.versionId()).isNull();
        assertThat(repo.find(online.anomalyId()).orElseThrow().detector()).isEqualTo("knn-cad");
        String column = db.jdbi().withHandle(h -> h.createQuery("SELECT detector FROM anomaly WHERE anomaly_id = :id")
                .bind("id", online.anomalyId()).mapTo(String.class).one());
        assertThat(column).isEqualTo("knn-cad");

        // the next alarm of the same detector within the gap widens it
        List<StoredAnomaly> widened = repo.saveMerging("S", null, "knn-cad",
                List.of(new StoredAnomaly(0, "S", null, 630_000, 630_000, 9.0, "CRITICAL", 0, "knn-cad")), 60_000);
        assertThat(widened).singleElement().satisfies(a -> {
            assertThat(a.anomalyId()).isEqualTo(online.anomalyId());
            assertThat(a.startMillis()).isEqualTo(600_000);
            assertThat(a.endMillis()).isEqualTo(630_000);
            assertThat(a.severity()).isEqualTo("CRITICAL");
            assertThat(a.detector()).isEqualTo("knn-cad");
        });
        // a model version's detection over the same stretch does not fold into the online anomaly, nor the reverse
        StoredAnomaly model = repo.saveMerging("S", null, List.of(new StoredAnomaly(0, "S", null, 610_000, 640_000, 2.0,
                "HIGH", 0)), 60_000).get(0);
        assertThat(model.anomalyId()).isNotEqualTo(online.anomalyId());
        assertThat(model.detector()).isNull();
        StoredAnomaly other = repo.saveMerging("S", null, "windowed-gaussian",
                List.of(new StoredAnomaly(0, "S", null, 620_000, 620_000, 5.0, "HIGH", 0, "windowed-gaussian")), 60_000).get(0);
        assertThat(other.anomalyId()).isNotIn(online.anomalyId(), model.anomalyId());
        assertThat(repo.list("S")).extracting(StoredAnomaly::detector)
                .containsExactlyInAnyOrder(null, null, "knn-cad", "windowed-gaussian");
    }
}
