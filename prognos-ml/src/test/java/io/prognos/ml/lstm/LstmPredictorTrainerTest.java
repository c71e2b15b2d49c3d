package io.prognos.ml.lstm;

import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Trains a small LSTM on the real PyTorch engine (loaded offline from the native jar). */
class LstmPredictorTrainerTest {

    /** Window 24, 3 steps ahead, 16 units, batches of 16, at most 20 epochs. */
    private static final TelemanomConfig SMALL = new TelemanomConfig(24, 3, 70, 30, 0.05, 100, 0.13, 2.5, 12, 0.5,
            TelemanomConfig.BatchScope.UNJUDGED_VALUES, 16, 0.1, 16, 20, 4, 0.0, 0.2, 0.01, 1000, 10);

    private static double[][] sine(int length) {
        double[][] rows = new double[length][2];
        for (int i = 0; i < length; i++) {
            rows[i][0] = 0.8 * Math.sin(i / 4.0);
            rows[i][1] = i % 25 == 0 ? 1 : 0;
        }
        return rows;
    }

    @Test
    void learnsASineAndReportsHeldOutLossOfTheKeptModel() {
        List<Double> seen = new ArrayList<>();
        try (TrainedPredictor predictor = new LstmPredictorTrainer(SMALL).train(sine(600), 1,
                (epoch, max, trainLoss, validationLoss) -> seen.add(validationLoss))) {
            TrainingReport report = predictor.report();
            assertThat(report.model()).isEqualTo("lstm");
            assertThat(report.epochs()).isBetween(1, 20).isEqualTo(seen.size());
            assertThat(report.validationWindows()).isEqualTo((int) Math.floor((600 - 27) * 0.2));
            assertThat(report.validationLoss()).isEqualTo(seen.stream().mapToDouble(Double::doubleValue).min().orElseThrow());
            // the variance of the signal is 0.32; a model that learnt anything is far below it
            assertThat(report.validationLoss()).isLessThan(0.1);
            assertThat(seen.get(seen.size() - 1)).isLessThan(seen.get(0));

            double[][] test = sine(200);
            double[] next = predictor.predictNext(test);
            assertThat(next).hasSize(200 - 27);
            double mse = 0;
            for (int t = 0; t < next.length; t++) {
                double d = next[t] - test[t + 24][0];
                mse += d * d;
            }
            assertThat(mse / next.length).isLessThan(0.1);
            assertThatThrownBy(() -> predictor.predictNext(new double[100][1])).hasMessageContaining("trained on 2");
        }
    }

    @Test
    void savedParametersRestoreAnIdenticalPredictorAndCorruptOnesAreRefused() {
        TelemanomConfig oneEpoch = SMALL.withTraining(1, 1);
        LstmPredictorTrainer trainer = new LstmPredictorTrainer(oneEpoch);
        double[] original;
        byte[] saved;
        try (TrainedPredictor p = trainer.train(sine(300), 3, (e, m, t, v) -> { })) {
            original = p.predictNext(sine(100));
            saved = p.parameters();
        }
        try (TrainedPredictor restored = trainer.restore(saved)) {
            assertThat(restored.predictNext(sine(100))).containsExactly(original);
            assertThatThrownBy(restored::report).isInstanceOf(IllegalStateException.class);
        }
        assertThatThrownBy(() -> trainer.restore(java.util.Arrays.copyOf(saved, saved.length / 2)))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new LstmPredictorTrainer(TelemanomConfig.defaults()).restore(saved))
                .hasMessageContaining("this configuration has 250");
    }

    @Test
    void sameSeedGivesTheSameInitialModel() {
        TelemanomConfig oneEpoch = SMALL.withTraining(1, 1);
        double[] a;
        double[] b;
        try (TrainedPredictor p = new LstmPredictorTrainer(oneEpoch).train(sine(300), 9, (e, m, t, v) -> { })) {
            a = p.predictNext(sine(100));
        }
        try (TrainedPredictor p = new LstmPredictorTrainer(oneEpoch).train(sine(300), 9, (e, m, t, v) -> { })) {
            b = p.predictNext(sine(100));
        }
        assertThat(a).containsExactly(b);
    }
}
