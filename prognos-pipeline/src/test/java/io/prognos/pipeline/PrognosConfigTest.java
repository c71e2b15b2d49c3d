package io.prognos.pipeline;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.ThresholdMethod;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Scaler;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class PrognosConfigTest {

    @TempDir
    Path tmp;

    private Path write(String yaml) throws Exception {
        Path file = tmp.resolve("prognos.yaml");
        Files.writeString(file, yaml);
        return file;
    }

    @Test
    void fileValuesReplaceDefaultsAndTheEnvironmentReplacesTheFile() throws Exception {
        Path file = write("""
                store:
                  db: /srv/prognos.db
                training:
                  predictor: lstm
                  scaling: robust
                  gap_policy: split
                  max_gap: 3
                  validation_fraction: 0.25
                  seed: 7
                """);

        PrognosConfig config = PrognosConfig.load(file, true,
                Map.of("PROGNOS_TRAINING_SEED", "11", "PROGNOS_DATA_DIR", "/data", "PROGNOS_TRAINING_TEST_FRACTION", "0.05"));
        TrainingOptions options = config.applyTo(TrainingOptions.defaults());

        assertThat(config.store().db()).isEqualTo("/srv/prognos.db");
        assertThat(config.store().dataDir()).isEqualTo("/data");
        assertThat(options.predictor()).isEqualTo("lstm");
        assertThat(options.scaling()).isEqualTo(Scaler.Kind.ROBUST);
        assertThat(options.gapPolicy()).isEqualTo(GapPolicy.SPLIT);
        assertThat(options.maxGap()).isEqualTo(3);
        assertThat(options.validationFraction()).isEqualTo(0.25);
        assertThat(options.testFraction()).isEqualTo(0.05);
        assertThat(options.seed()).isEqualTo(11);
        assertThat(config.source()).contains("prognos.yaml").contains("$PROGNOS_TRAINING_SEED");
    }

    @Test
    void theDetectorThresholdIsReadAndCheckedAndTheDefaultKeepsTheJobKey() throws Exception {
        Path file = write("training:\n  threshold: dspot\n");
        TrainingOptions options = PrognosConfig.load(file, true, Map.of("PROGNOS_TRAINING_THRESHOLD_RISK", "0.005"))
                .applyTo(TrainingOptions.defaults());
        assertThat(options.telemanom().threshold().method()).isEqualTo(ThresholdMethod.DSPOT);
        assertThat(options.telemanom().threshold().risk()).isEqualTo(0.005);

        Path bad = write("training:\n  threshold: pot\n");
        assertThatThrownBy(() -> PrognosConfig.load(bad, true, Map.of()))
                .hasMessageContaining("training.threshold 'pot' is not one of telemanom, spot, dspot, gev");
        Path riskWithoutMethod = write("training:\n  threshold_risk: 0.01\n");
        assertThatThrownBy(() -> PrognosConfig.load(riskWithoutMethod, true, Map.of()))
                .hasMessageContaining("training.threshold_risk is only used by the spot, dspot and gev thresholds");
        Path riskTooHigh = write("training:\n  threshold: gev\n  threshold_risk: 0.5\n");
        assertThatThrownBy(() -> PrognosConfig.load(riskTooHigh, true, Map.of()))
                .hasMessageContaining("training.threshold_risk: threshold.risk must be in");

        // the job key of a default training is what it was before the threshold became selectable
        assertThat(SensorTrainer.describe(TelemanomConfig.defaults())).doesNotContain("threshold")
                .endsWith("ridgeCommandLags=10]");
        assertThat(SensorTrainer.describe(TelemanomConfig.defaults().withThreshold(ThresholdMethod.SPOT)))
                .contains("threshold=ThresholdSettings[method=SPOT");
    }

    @Test
    void noFileMeansTheDefaults() {
        PrognosConfig config = PrognosConfig.load(tmp.resolve("absent.yaml"), false, Map.of());

        assertThat(config.applyTo(TrainingOptions.defaults())).isEqualTo(TrainingOptions.defaults());
        assertThat(config.store().db()).isNull();
        assertThat(config.source()).isEqualTo("built-in defaults");
    }

    @Test
    void anUnknownKeyIsNamedWithItsLine() throws Exception {
        Path file = write("training:\n  predictor: linear\n  predcitor: lstm\n");

        assertThatThrownBy(() -> PrognosConfig.load(file, true, Map.of()))
                .hasMessageContaining("prognos.yaml line 3")
                .hasMessageContaining("unknown key 'predcitor'");
    }

    @Test
    void malformedYamlAndBadValuesAreNamed() throws Exception {
        Path broken = write("training:\n  max_gap: [1\n");
        assertThatThrownBy(() -> PrognosConfig.load(broken, true, Map.of())).hasMessageContaining("prognos.yaml line");

        Path badPolicy = write("training:\n  gap_policy: fill\n");
        assertThatThrownBy(() -> PrognosConfig.load(badPolicy, true, Map.of()))
                .hasMessageContaining("prognos.yaml").hasMessageContaining("leave, interpolate or split");

        assertThatThrownBy(() -> PrognosConfig.load(null, false, Map.of("PROGNOS_TRAINING_MAX_GAP", "ten")))
                .hasMessageContaining("PROGNOS_TRAINING_MAX_GAP='ten'");
        assertThatThrownBy(() -> PrognosConfig.load(null, false, Map.of("PROGNOS_TRAINING_VALIDATION_FRACTION", "0.95")))
                .hasMessageContaining("validation fraction");
        assertThatThrownBy(() -> PrognosConfig.load(tmp.resolve("missing.yaml"), true, Map.of()))
                .hasMessageContaining("missing.yaml does not exist");
    }

    @Test
    void theServerSectionIsReadAndOverriddenByTheEnvironment() throws Exception {
        Path file = tmp.resolve("server.yaml");
        Files.writeString(file, "server:\n  port: 9090\n  mqtt: external\n  mqtt_broker: tcp://broker:1883\n"
                + "  scoring_interval: PT5S\n  live_batch: 10\n");
        PrognosConfig c = PrognosConfig.load(file, true, Map.of("PROGNOS_SERVER_PORT", "9191"));
        assertThat(c.server().port()).isEqualTo(9191);
        assertThat(c.server().mqtt()).isEqualTo("external");
        assertThat(c.server().mqttBroker()).isEqualTo("tcp://broker:1883");
        assertThat(c.server().scoringInterval()).isEqualTo("PT5S");
        assertThat(c.server().liveBatch()).isEqualTo(10);
        Files.writeString(file, "server:\n  prot: 1\n");
        assertThatThrownBy(() -> PrognosConfig.load(file, true, Map.of())).hasMessageContaining("line 2")
                .hasMessageContaining("unknown key 'prot'");
        assertThatThrownBy(() -> PrognosConfig.load(null, false, Map.of("PROGNOS_SERVER_PORT", "eighty")))
                .hasMessageContaining("PROGNOS_SERVER_PORT");
    }
}
