package io.prognos.store;

import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class RunTrackerTest {

    @TempDir
    Path tmp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aRunRecordsParametersStepsArtifactsMetricsAndProvenance(Dialect dialect) {
        Database db = TestStores.open(dialect, tmp);
        RunTracker runs = new RunTracker(db, "v1.2.3-4-gabc");
        ArtifactStore artifacts = new ArtifactStore(tmp.resolve("artifacts"));

        Run run = runs.start("detector-training", null, Map.of("epochs", 35, "predictor", "lstm"), null);
        runs.logStep(run.runId(), "val_loss", 1, 0.5);
        runs.logStep(run.runId(), "val_loss", 2, 0.25);
        runs.attachArtifact(run.runId(), "weights", artifacts.put(new byte[] {1, 2}));
        Run finished = runs.finish(run.runId(), Map.of("validation_mse", 0.25));

        assertThat(finished.status()).isEqualTo(Run.Status.FINISHED);
        assertThat(finished.params()).containsEntry("epochs", 35).containsEntry("predictor", "lstm");
        assertThat(finished.metrics()).containsEntry("validation_mse", 0.25);
        assertThat(finished.codeVersion()).isEqualTo("v1.2.3-4-gabc");
        assertThat(finished.environment()).containsKeys("java", "os", "cpu", "cores");
        assertThat(finished.endedAtMillis()).isGreaterThanOrEqualTo(finished.startedAtMillis());
        assertThat(runs.steps(run.runId(), "val_loss")).containsExactly(Map.entry(1, 0.5), Map.entry(2, 0.25));
        assertThat(runs.artifacts(run.runId())).containsOnlyKeys("weights");
        assertThat(runs.list("detector-training", 10)).extracting(Run::runId).containsExactly(run.runId());
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aResumedJobContinuesItsRunInsteadOfAddingOne(Dialect dialect) {
        RunTracker runs = new RunTracker(TestStores.open(dialect, tmp), "test");
        Run crashed = runs.start("fleet", "train:pump.temp:detector", Map.of(), null);
        runs.logStep(crashed.runId(), "loss", 1, 9.0);

        Run resumed = runs.start("fleet", "train:pump.temp:detector", Map.of("attempt", 2), null);

        assertThat(resumed.runId()).isEqualTo(crashed.runId());
        assertThat(resumed.params()).containsEntry("attempt", 2);
        assertThat(runs.steps(resumed.runId(), "loss")).isEmpty();
        runs.finish(resumed.runId(), Map.of());
        assertThat(runs.start("fleet", "train:pump.temp:detector", Map.of(), null).status()).isEqualTo(Run.Status.FINISHED);
        assertThat(runs.list(null, 10)).hasSize(1);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void failedRunsKeepTheirError(Dialect dialect) {
        RunTracker runs = new RunTracker(TestStores.open(dialect, tmp), "test");
        Run run = runs.start("x", null, Map.of(), null);

        Run failed = runs.fail(run.runId(), "data quality CRITICAL: 40% missing values");

        assertThat(failed.status()).isEqualTo(Run.Status.FAILED);
        assertThat(failed.error()).contains("40% missing");
        assertThatThrownBy(() -> runs.finish("no-such-run", Map.of())).hasMessageContaining("unknown run no-such-run");
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void allStepsOfARunComeInOneBoundedReadAndExperimentsAreListed(Dialect dialect) {
        RunTracker runs = new RunTracker(TestStores.open(dialect, tmp), "test");
        Run run = runs.start("detector:S1", null, Map.of(), null);
        runs.start("forecaster:S1", null, Map.of(), null);
        runs.start("detector:S1", null, Map.of(), null);
        for (int epoch = 1; epoch <= 3; epoch++) {
            runs.logStep(run.runId(), "loss", epoch, 1.0 / epoch);
            runs.logStep(run.runId(), "val_loss", epoch, epoch == 2 ? Double.NaN : 2.0 / epoch);
        }

        Map<String, Map<Integer, Double>> all = runs.allSteps(run.runId(), 1000);
        assertThat(all.keySet()).containsExactly("loss", "val_loss");
        assertThat(all.get("loss")).containsExactly(Map.entry(1, 1.0), Map.entry(2, 0.5), Map.entry(3, 1.0 / 3));
        assertThat(all.get("val_loss").get(2)).isNaN();
        assertThat(runs.steps(run.runId(), "val_loss").get(2)).as("a non-finite step reads back as NaN").isNaN();
        assertThat(runs.allSteps(run.runId(), 4)).satisfies(capped -> {
            assertThat(capped.get("loss")).hasSize(3);
            assertThat(capped.get("val_loss")).containsOnlyKeys(1);
        });
        assertThat(runs.allSteps("no-such-run", 1000)).isEmpty();
        assertThat(runs.experiments()).containsExactly("detector:S1", "forecaster:S1");
    }
}
