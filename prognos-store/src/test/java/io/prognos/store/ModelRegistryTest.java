package io.prognos.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ModelRegistryTest {

    @TempDir
    Path tmp;

    static Database withSensor(Database db) {
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("pump", "Pump", null, null, 3));
        assets.save(new Sensor("pump.temp", "pump", "temperature", "degC", Duration.ofSeconds(1), null, null, null));
        return db;
    }

    static NewModelVersion candidate(double validationError) {
        return new NewModelVersion("pump.temp", "detector", null, null, null, "telemanom-linear", "{}", "test",
                Map.of("validation_mse", validationError));
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void versionsAreNumberedPerModelAndStartInStageNone(Dialect dialect) {
        ModelRegistry registry = new ModelRegistry(withSensor(TestStores.open(dialect, tmp)));

        ModelVersion v1 = registry.register(candidate(0.5));
        ModelVersion v2 = registry.register(candidate(0.4));
        ModelVersion forecaster = registry.register(new NewModelVersion("pump.temp", "forecaster", null, null, null,
                "ridge", "{}", "test", Map.of()));

        assertThat(v1.version()).isEqualTo(1);
        assertThat(v2.version()).isEqualTo(2);
        assertThat(forecaster.version()).isEqualTo(1);
        assertThat(v2.stage()).isEqualTo(Stage.NONE);
        assertThat(v2.validationMetrics()).containsEntry("validation_mse", 0.4);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aVersionWithoutHeldOutMetricsCannotBeStagedOrPromoted(Dialect dialect) {
        ModelRegistry registry = new ModelRegistry(withSensor(TestStores.open(dialect, tmp)));
        ModelVersion unvalidated = registry.register(new NewModelVersion("pump.temp", "detector", null, null, null,
                "lstm", "{}", "test", Map.of()));

        assertThatThrownBy(() -> registry.transition(unvalidated.versionId(), Stage.PRODUCTION, "alice", "ship it"))
                .isInstanceOf(StoreException.class)
                .hasMessageContaining("pump.temp/detector v1 has no held-out validation metrics");
        assertThatThrownBy(() -> registry.transition(unvalidated.versionId(), Stage.STAGING, "alice", "try it"))
                .isInstanceOf(StoreException.class);
        assertThat(registry.transition(unvalidated.versionId(), Stage.ARCHIVED, "alice", "not needed").stage())
                .isEqualTo(Stage.ARCHIVED);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void promotingArchivesTheOldProductionVersionAndTheAuditLogAnswersThePast(Dialect dialect) throws Exception {
        ModelRegistry registry = new ModelRegistry(withSensor(TestStores.open(dialect, tmp)));
        ModelVersion v1 = registry.register(candidate(0.5));
        ModelVersion v2 = registry.register(candidate(0.4));
        long beforeAny = System.currentTimeMillis();
        Thread.sleep(5);
        registry.transition(v1.versionId(), Stage.PRODUCTION, "alice", "first");
        Thread.sleep(5);
        long whileV1 = System.currentTimeMillis();
        Thread.sleep(5);
        registry.transition(v2.versionId(), Stage.PRODUCTION, "bob", "better");

        assertThat(registry.find(v1.versionId()).orElseThrow().stage()).isEqualTo(Stage.ARCHIVED);
        assertThat(registry.production("pump.temp", "detector")).map(ModelVersion::version).contains(2);
        assertThat(registry.inStage(Stage.PRODUCTION)).extracting(ModelVersion::version).containsExactly(2);
        assertThat(registry.inStage(Stage.ARCHIVED)).extracting(ModelVersion::version).containsExactly(1);
        assertThat(registry.productionAt("pump.temp", "detector", beforeAny)).isEmpty();
        assertThat(registry.productionAt("pump.temp", "detector", whileV1)).map(ModelVersion::version).contains(1);
        assertThat(registry.productionAt("pump.temp", "detector", System.currentTimeMillis()))
                .map(ModelVersion::version).contains(2);
        assertThat(registry.history("pump.temp", "detector"))
                .extracting(c -> c.version() + ":" + c.from().label() + "->" + c.to().label() + " by " + c.actor())
                .containsExactly("1:None->Production by alice", "1:Production->Archived by bob",
                        "2:None->Production by bob");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aChallengerIsPromotedOnlyWhenItBeatsProduction(Dialect dialect) {
        ModelRegistry registry = new ModelRegistry(withSensor(TestStores.open(dialect, tmp)));
        ModelVersion champion = registry.register(candidate(0.30));
        assertThat(registry.promoteIfBetter(champion.versionId(), "validation_mse", true, "pipeline").promoted()).isTrue();

        ModelRegistry.PromotionDecision worse = registry.promoteIfBetter(registry.register(candidate(0.31)).versionId(),
                "validation_mse", true, "pipeline");
        ModelRegistry.PromotionDecision tie = registry.promoteIfBetter(registry.register(candidate(0.30)).versionId(),
                "validation_mse", true, "pipeline");
        ModelRegistry.PromotionDecision better = registry.promoteIfBetter(registry.register(candidate(0.20)).versionId(),
                "validation_mse", true, "pipeline");

        assertThat(worse.promoted()).isFalse();
        assertThat(worse.reason()).contains("does not beat Production v1");
        assertThat(tie.promoted()).isFalse();
        assertThat(better.promoted()).isTrue();
        assertThat(registry.production("pump.temp", "detector")).map(ModelVersion::version).contains(4);
        assertThatThrownBy(() -> registry.promoteIfBetter(champion.versionId(), "f1", false, "pipeline"))
                .hasMessageContaining("has no held-out metric 'f1'");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void rollbackRestoresThePreviousProductionVersion(Dialect dialect) {
        ModelRegistry registry = new ModelRegistry(withSensor(TestStores.open(dialect, tmp)));
        ModelVersion v1 = registry.register(candidate(0.5));
        ModelVersion v2 = registry.register(candidate(0.4));
        assertThatThrownBy(() -> registry.rollback("pump.temp", "detector", "alice", "oops"))
                .hasMessageContaining("no earlier Production version");
        registry.transition(v1.versionId(), Stage.PRODUCTION, "alice", "first");
        registry.transition(v2.versionId(), Stage.PRODUCTION, "alice", "second");

        ModelVersion restored = registry.rollback("pump.temp", "detector", "alice", "v2 raises false alarms");

        assertThat(restored.version()).isEqualTo(1);
        assertThat(restored.stage()).isEqualTo(Stage.PRODUCTION);
        assertThat(registry.find(v2.versionId()).orElseThrow().stage()).isEqualTo(Stage.ARCHIVED);
    }
}
