package io.prognos.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class LiveAnomalyAndTokenTest {

    @TempDir
    Path temp;

    private static Database withSensor(Database db) {
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("A", "A", "pump", "x", 3));
        assets.save(new Sensor("S", "A", "s", "u", Duration.ofMinutes(1), null, null, null));
        return db;
    }

    private static StoredAnomaly detection(long start, long end, double score, String severity) {
        return new StoredAnomaly(0, "S", null, start, end, score, severity, 0);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void searchFiltersBySensorAssetSeverityReviewAndTime(Dialect dialect) {
        Database db = withSensor(TestStores.open(dialect, temp));
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("B", "B", "motor", "y", 2));
        assets.save(new Sensor("T", "B", "t", "u", Duration.ofMinutes(1), null, null, null));
        AnomalyRepository repo = new AnomalyRepository(db);
        long low = repo.saveMerging("S", null, List.of(detection(1000, 2000, 0.2, "LOW")), 0).get(0).anomalyId();
        long high = repo.saveMerging("S", null, List.of(detection(10_000, 11_000, 2.0, "HIGH")), 0).get(0).anomalyId();
        long critical = new AnomalyRepository(db).saveMerging("T", null,
                List.of(new StoredAnomaly(0, "T", null, 20_000, 21_000, 5.0, "CRITICAL", 0)), 0).get(0).anomalyId();
        AnomalyFeedback feedback = new AnomalyFeedback(db);
        feedback.record(high, AnomalyFeedback.Verdict.CONFIRMED, "ana", null);
        feedback.record(critical, AnomalyFeedback.Verdict.REJECTED, "ben", "a test");

        java.util.function.Function<AnomalyFeedback.Search, List<Long>> ids = q -> feedback.search(q).stream()
                .map(r -> r.anomaly().anomalyId()).toList();
        long all = Long.MIN_VALUE;
        long end = Long.MAX_VALUE;
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, null, null, all, end, 10)))
                .as("newest first").containsExactly(critical, high, low);
        assertThat(ids.apply(new AnomalyFeedback.Search("S", null, null, null, all, end, 10))).containsExactly(high, low);
        assertThat(ids.apply(new AnomalyFeedback.Search(null, "B", null, null, all, end, 10))).containsExactly(critical);
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, java.util.Set.of("HIGH", "CRITICAL"), null, all, end,
                10))).containsExactly(critical, high);
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, java.util.Set.of(), null, all, end, 10))).isEmpty();
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, null, AnomalyFeedback.Search.Review.UNREVIEWED, all,
                end, 10))).containsExactly(low);
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, null, AnomalyFeedback.Search.Review.REJECTED, all,
                end, 10))).containsExactly(critical);
        assertThat(feedback.search(new AnomalyFeedback.Search(null, null, null, AnomalyFeedback.Search.Review.CONFIRMED,
                all, end, 10))).singleElement().satisfies(r -> assertThat(r.by()).isEqualTo("ana"));
        // an anomaly matches a time range it overlaps
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, null, null, 1500, 10_001, 10))).containsExactly(high, low);
        assertThat(ids.apply(new AnomalyFeedback.Search(null, null, null, null, all, end, 2))).containsExactly(critical, high);
        assertThatThrownBy(() -> new AnomalyFeedback.Search(null, null, null, null, all, end, 0))
                .hasMessageContaining("limit");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void overlappingOrNearDetectionsWidenOneAnomalyAndBridgedOnesAreFolded(Dialect dialect) {
        Database db = withSensor(TestStores.open(dialect, temp));
        AnomalyRepository repo = new AnomalyRepository(db);
        List<StoredAnomaly> first = repo.saveMerging("S", null, List.of(detection(1000, 2000, 1.0, "MEDIUM")), 100);
        long id = first.get(0).anomalyId();
        // near (within 100 ms after the end): widens, with the higher score and its severity
        List<StoredAnomaly> widened = repo.saveMerging("S", null, List.of(detection(2050, 2500, 4.0, "CRITICAL")), 100);
        assertThat(widened).singleElement().satisfies(a -> {
            assertThat(a.anomalyId()).isEqualTo(id);
            assertThat(a.startMillis()).isEqualTo(1000);
            assertThat(a.endMillis()).isEqualTo(2500);
            assertThat(a.severity()).isEqualTo("CRITICAL");
        });
        // far: a new one
        repo.saveMerging("S", null, List.of(detection(5000, 5500, 0.2, "LOW")), 100);
        assertThat(repo.list("S")).hasSize(2);
        // a detection bridging both folds the later one into the earlier
        List<StoredAnomaly> bridged = repo.saveMerging("S", null, List.of(detection(2400, 5100, 0.5, "LOW")), 100);
        assertThat(bridged).singleElement().satisfies(a -> {
            assertThat(a.anomalyId()).isEqualTo(id);
            assertThat(a.endMillis()).isEqualTo(5500);
            assertThat(a.score()).isEqualTo(4.0);
        });
        assertThat(repo.list("S")).singleElement().extracting(StoredAnomaly::anomalyId).isEqualTo(id);
        assertThat(repo.list("S", 6000, 7000, 10)).isEmpty();
        assertThat(repo.list(null, 5400, 7000, 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void tokensAreStoredHashedAndCanBeRevoked(Dialect dialect) {
        Database db = TestStores.open(dialect, temp);
        TokenRepository tokens = new TokenRepository(db);
        TokenRepository.IssuedToken t = tokens.issue("ops", TokenRole.OPERATOR);
        assertThat(t.secret()).startsWith("pgn_").hasSizeGreaterThan(40);
        assertThat(tokens.authenticate(t.secret())).hasValueSatisfying(a -> assertThat(a.role()).isEqualTo(TokenRole.OPERATOR));
        assertThat(tokens.authenticate(t.secret() + "x")).isEmpty();
        String stored = db.jdbi().withHandle(h -> h.createQuery("SELECT token_sha256 FROM api_token").mapTo(String.class).one());
        assertThat(stored).isEqualTo(TokenRepository.sha256(t.secret())).doesNotContain(t.secret());
        assertThatThrownBy(() -> tokens.issue("ops", TokenRole.VIEWER)).hasMessageContaining("exists already");
        assertThat(tokens.revoke("ops")).isTrue();
        assertThat(tokens.authenticate(t.secret())).isEmpty();
        assertThat(tokens.revoke("ops")).isFalse();
        assertThat(TokenRole.ADMIN.includes(TokenRole.OPERATOR)).isTrue();
        assertThat(TokenRole.VIEWER.includes(TokenRole.OPERATOR)).isFalse();
    }
}
