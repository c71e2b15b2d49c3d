package io.prognos.core.detect;

import io.prognos.core.detect.predict.RidgePredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.telemanom.ErrorAnalysis;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.detect.telemanom.TelemanomDetector;
import io.prognos.core.sim.InjectedAnomalySeries;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

/** Train on the clean part of a generated series, detect on the rest, compare with the injected faults. */
class TelemanomEndToEndTest {

    @Test
    void linearTelemanomFindsEveryInjectedFaultWithoutFalseAlarms() {
        InjectedAnomalySeries.Generated series = InjectedAnomalySeries.generate(11);
        double[][] rows = new double[series.values().length][];
        for (int i = 0; i < rows.length; i++) {
            rows[i] = new double[] {series.values()[i]};
        }
        TelemanomConfig config = TelemanomConfig.defaults();
        TelemanomDetector detector = new TelemanomDetector(config, new RidgePredictorTrainer(config));
        int trainLength = series.trainLength();
        int offset = trainLength - config.windowLength();
        try (TrainedPredictor predictor = detector.train(Arrays.copyOfRange(rows, 0, trainLength), 0,
                TrainingListener.NONE)) {
            ErrorAnalysis analysis = detector.detect(predictor, Arrays.copyOfRange(rows, offset, rows.length));
            for (InjectedAnomalySeries.Injection injection : series.injections()) {
                assertThat(analysis.sequences())
                        .as("detections for %s at %s", injection.kind(), injection.range())
                        .anyMatch(s -> s.start() + offset <= injection.range().end()
                                && s.end() + offset >= injection.range().start());
            }
            assertThat(analysis.sequences()).hasSize(series.injections().size());
        }
    }
}
