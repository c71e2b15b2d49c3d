package io.prognos.core.detect.predict;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import org.junit.jupiter.api.Test;

import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class RidgePredictorTrainerTest {

    private static final TelemanomConfig CONFIG = TelemanomConfig.defaults().withWindow(30, 3);

    private static double[][] sineWithCommand(int length, long seed) {
        Random random = new Random(seed);
        double[][] rows = new double[length][2];
        for (int i = 0; i < length; i++) {
            rows[i][0] = Math.sin(i / 5.0) + 0.01 * random.nextGaussian();
            rows[i][1] = i % 40 == 0 ? 1 : 0;
        }
        return rows;
    }

    @Test
    void predictsASmoothSignalAccuratelyOnHeldOutWindows() {
        double[][] rows = sineWithCommand(1200, 1);
        TelemanomConfig lightPenalty = new TelemanomConfig(30, 3, 70, 30, 0.05, 100, 0.13, 2.5, 12, 0.5,
                TelemanomConfig.BatchScope.UNJUDGED_VALUES, 80, 0.3, 64, 35, 10, 0.0003, 0.2, 0.001, 1.0, 5);
        try (TrainedPredictor predictor = new RidgePredictorTrainer(lightPenalty).train(rows, 3, TrainingListener.NONE)) {
            TrainingReport report = predictor.report();
            assertThat(report.trainWindows() + report.validationWindows()).isEqualTo(1200 - 33);
            assertThat(report.validationWindows()).isEqualTo((int) Math.floor(1167 * 0.2));
            assertThat(report.validationLoss()).isLessThan(0.001);

            double[][] test = sineWithCommand(300, 2);
            double[] next = predictor.predictNext(test);
            assertThat(next).hasSize(300 - 33);
            for (int t = 0; t < next.length; t++) {
                assertThat(next[t]).isCloseTo(test[t + 30][0], within(0.08));
            }
        }
    }

    @Test
    void savedParametersRestoreAnIdenticalPredictorAndCorruptOnesAreRefused() {
        double[][] rows = sineWithCommand(600, 1);
        RidgePredictorTrainer trainer = new RidgePredictorTrainer(CONFIG);
        try (TrainedPredictor trained = trainer.train(rows, 5, TrainingListener.NONE)) {
            byte[] saved = trained.parameters();
            try (TrainedPredictor restored = trainer.restore(saved)) {
                assertThat(restored.predictNext(rows)).containsExactly(trained.predictNext(rows));
                assertThat(restored.parameters()).isEqualTo(saved);
            }
            assertThatThrownBy(() -> trainer.restore(java.util.Arrays.copyOf(saved, saved.length - 1)))
                    .hasMessageContaining("truncated");
            byte[] wrongMagic = saved.clone();
            wrongMagic[0] = 'X';
            assertThatThrownBy(() -> trainer.restore(wrongMagic)).hasMessageContaining("bad magic");
            assertThatThrownBy(() -> new RidgePredictorTrainer(TelemanomConfig.defaults()).restore(saved))
                    .hasMessageContaining("this configuration has 250");
        }
    }

    @Test
    void predictEveryNextReachesTheNewestRowAndAgreesWithPredictNext() {
        double[][] rows = sineWithCommand(600, 2);
        try (TrainedPredictor p = new RidgePredictorTrainer(CONFIG).train(rows, 1, TrainingListener.NONE)) {
            double[][] recent = java.util.Arrays.copyOfRange(rows, 300, 600);
            double[] every = p.predictEveryNext(recent);
            assertThat(every).hasSize(recent.length - p.windowLength());
            double[] next = p.predictNext(recent);
            assertThat(java.util.Arrays.copyOf(every, next.length)).containsExactly(next);
            // the newest element predicts the last row from the rows before it only
            double[][] shorter = java.util.Arrays.copyOfRange(rows, 300 + recent.length - p.windowLength() - 1, 600);
            double[] tail = p.predictEveryNext(shorter);
            assertThat(tail).hasSize(1);
            assertThat(tail[0]).isEqualTo(every[every.length - 1]);
        }
    }

    @Test
    void singleColumnPredictionsAreExactlyTheGeneralOnes() {
        double[][] rows = new double[800][1];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = Math.sin(i / 9.0) + 0.1 * Math.cos(i / 2.3);
        }
        try (TrainedPredictor p = new RidgePredictorTrainer(CONFIG).train(rows, 4, TrainingListener.NONE)) {
            RidgePredictorTrainer.Model model = ((RidgePredictorTrainer.RidgePredictor) p).model();
            double[] fast = p.predictNext(rows);
            double[] scratch = new double[model.layout().size()];
            assertThat(fast).hasSize(800 - 33);
            for (int t = 0; t < fast.length; t++) {
                assertThat(fast[t]).as("window %d", t).isEqualTo(model.predict(rows, t, 0, scratch));
            }
        }
    }

    @Test
    void sameSeedSameModel() {
        double[][] rows = sineWithCommand(600, 1);
        double[] a;
        double[] b;
        try (TrainedPredictor p = new RidgePredictorTrainer(CONFIG).train(rows, 5, TrainingListener.NONE)) {
            a = p.predictNext(rows);
        }
        try (TrainedPredictor p = new RidgePredictorTrainer(CONFIG).train(rows, 5, TrainingListener.NONE)) {
            b = p.predictNext(rows);
        }
        assertThat(a).containsExactly(b);
    }

    @Test
    void rejectsShortSeriesWrongWidthAndNonFiniteValues() {
        RidgePredictorTrainer trainer = new RidgePredictorTrainer(CONFIG);
        assertThatThrownBy(() -> trainer.train(sineWithCommand(34, 1), 0, TrainingListener.NONE))
                .hasMessageContaining("needs at least 35 rows");
        double[][] withNan = sineWithCommand(200, 1);
        withNan[17][1] = Double.NaN;
        assertThatThrownBy(() -> trainer.train(withNan, 0, TrainingListener.NONE))
                .hasMessageContaining("row 17, column 1");
        try (TrainedPredictor p = trainer.train(sineWithCommand(200, 1), 0, TrainingListener.NONE)) {
            assertThatThrownBy(() -> p.predictNext(new double[100][3])).hasMessageContaining("trained on 2");
        }
    }
}
