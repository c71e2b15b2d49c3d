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

    @Test
    void theThresholdIsTelemanomsUnlessChosen() {
        assertThat(TelemanomConfig.defaults().threshold()).isEqualTo(ThresholdSettings.defaults());
        assertThat(ThresholdSettings.defaults().method()).isEqualTo(ThresholdMethod.TELEMANOM);
        TelemanomConfig spot = TelemanomConfig.defaults().withThreshold(ThresholdMethod.SPOT);
        assertThat(spot.threshold().method()).isEqualTo(ThresholdMethod.SPOT);
        assertThat(spot.threshold().risk()).isEqualTo(1e-3);
        // the other with-methods keep the choice
        assertThat(spot.withBatchScope(TelemanomConfig.BatchScope.WHOLE_WINDOW).withWindow(100, 5)
                .withErrorProcessing(50, 20, 10).withTraining(3, 2).threshold()).isEqualTo(spot.threshold());
    }

    @Test
    void aConfigWithoutThresholdLoadsAsTelemanom() {
        // what a deserialiser passes for a configuration stored before the threshold was selectable
        TelemanomConfig d = TelemanomConfig.defaults();
        TelemanomConfig old = new TelemanomConfig(d.windowLength(), d.predictionSteps(), d.batchSize(), d.windowSize(),
                d.smoothingPercent(), d.errorBuffer(), d.pruningMinDecrease(), d.zMin(), d.zMax(), d.zStep(),
                d.batchScope(), d.lstmUnits(), d.dropout(), d.trainingBatchSize(), d.maxEpochs(), d.patience(),
                d.minDelta(), d.validationSplit(), d.learningRate(), d.ridgeLambda(), d.ridgeCommandLags(), null);
        assertThat(old).isEqualTo(d);
        assertThat(old.threshold().method()).isEqualTo(ThresholdMethod.TELEMANOM);
    }

    @Test
    void invalidThresholdParametersAreRejectedNamingTheField() {
        ThresholdSettings s = ThresholdSettings.of(ThresholdMethod.SPOT);
        assertThatThrownBy(() -> s.withMethod(null)).hasMessageContaining("threshold.method");
        assertThatThrownBy(() -> s.withRisk(0)).hasMessageContaining("threshold.risk");
        assertThatThrownBy(() -> s.withRisk(0.021)).hasMessageContaining("threshold.risk");
        assertThatThrownBy(() -> s.withRisk(Double.NaN)).hasMessageContaining("threshold.risk");
        assertThatThrownBy(() -> s.withCalibrationSize(499)).hasMessageContaining("threshold.calibrationSize");
        assertThatThrownBy(() -> s.withDepth(0)).hasMessageContaining("threshold.depth");
        assertThatThrownBy(() -> s.withDepth(2100 - 500 + 1)).hasMessageContaining("threshold.depth");
        assertThatThrownBy(() -> s.withBlockSize(0)).hasMessageContaining("threshold.blockSize");
        assertThatThrownBy(() -> s.withBlockSize(2100 / 5 + 1)).hasMessageContaining("threshold.blockSize");
        assertThatThrownBy(() -> TelemanomConfig.defaults().withThreshold((ThresholdSettings) null))
                .hasMessageContaining("threshold");
        assertThat(s.withRisk(0.019).withDepth(1600).withBlockSize(420).withCalibrationSize(2100)).isNotNull();
    }
}
