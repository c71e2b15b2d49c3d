package io.prognos.core.detect.telemanom;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class TelemanomConfigTest {

    @Test
    void defaultsAreTheReferenceConfig() {
        TelemanomConfig c = TelemanomConfig.defaults();
        assertThat(c.windowLength()).isEqualTo(250);
        assertThat(c.predictionSteps()).isEqualTo(10);
        assertThat(c.batchSize()).isEqualTo(70);
        assertThat(c.windowSize()).isEqualTo(30);
        assertThat(c.smoothingSpan()).isEqualTo(105);
        assertThat(c.errorBuffer()).isEqualTo(100);
        assertThat(c.pruningMinDecrease()).isEqualTo(0.13);
        assertThat(c.lstmUnits()).isEqualTo(80);
        assertThat(c.dropout()).isEqualTo(0.3);
        assertThat(c.trainingBatchSize()).isEqualTo(64);
        assertThat(c.maxEpochs()).isEqualTo(35);
        assertThat(c.patience()).isEqualTo(10);
        assertThat(c.minDelta()).isEqualTo(0.0003);
        assertThat(c.validationSplit()).isEqualTo(0.2);
    }

    @Test
    void invalidValuesAreRejectedNamingTheParameter() {
        assertThatThrownBy(() -> TelemanomConfig.defaults().withWindow(0, 10)).hasMessageContaining("windowLength");
        assertThatThrownBy(() -> TelemanomConfig.defaults().withErrorProcessing(70, 30, -1))
                .hasMessageContaining("errorBuffer");
        assertThatThrownBy(() -> TelemanomConfig.defaults().withTraining(35, 0)).hasMessageContaining("patience");
        assertThatThrownBy(() -> TelemanomConfig.defaults().withBatchScope(null)).hasMessageContaining("batchScope");
    }
}
