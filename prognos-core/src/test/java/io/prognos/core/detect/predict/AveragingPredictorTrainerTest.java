package io.prognos.core.detect.predict;

import io.prognos.core.detect.telemanom.TelemanomConfig;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class AveragingPredictorTrainerTest {

    private static final TelemanomConfig SHORT = TelemanomConfig.defaults().withWindow(30, 3);

    /** A second, trivially different member: always predicts the training mean. */
    private static final class MeanTrainer implements PredictorTrainer {
        @Override
        public String name() {
            return "mean";
        }

        @Override
        public TrainedPredictor train(double[][] rows, long seed, TrainingListener listener) {
            double mean = java.util.Arrays.stream(rows).mapToDouble(r -> r[0]).average().orElseThrow();
            return predictor(mean);
        }

        @Override
        public TrainedPredictor restore(byte[] parameters) {
            return predictor(java.nio.ByteBuffer.wrap(parameters).getDouble());
        }

        private static TrainedPredictor predictor(double mean) {
            return new TrainedPredictor() {
                public int windowLength() {
                    return 30;
                }

                public int predictionSteps() {
                    return 3;
                }

                public double[] predictNext(double[][] rows) {
                    double[] out = new double[rows.length - 33];
                    java.util.Arrays.fill(out, mean);
                    return out;
                }

                public TrainingReport report() {
                    return new TrainingReport("mean", 1, 0, 1, false, List.of(), List.of(), Double.NaN, 0);
                }

                public byte[] parameters() {
                    return java.nio.ByteBuffer.allocate(8).putDouble(mean).array();
                }

                public void close() {
                }
            };
        }
    }

    private static double[][] sine(int n) {
        double[][] rows = new double[n][1];
        for (int i = 0; i < n; i++) {
            rows[i][0] = Math.sin(i / 7.0) + 0.05 * Math.cos(i * 1.3);
        }
        return rows;
    }

    @Test
    void predictsTheMeanOfItsMembersAndRestoresFromItsParameters() {
        RidgePredictorTrainer a = new RidgePredictorTrainer(SHORT);
        MeanTrainer b = new MeanTrainer();
        AveragingPredictorTrainer ensemble = new AveragingPredictorTrainer(List.of(a, b), SHORT.validationSplit());
        double[][] rows = sine(500);

        try (TrainedPredictor pa = a.train(rows, 3, TrainingListener.NONE);
             TrainedPredictor pb = b.train(rows, 3, TrainingListener.NONE);
             TrainedPredictor both = ensemble.train(rows, 3, TrainingListener.NONE)) {
            double[] expected = pa.predictNext(rows);
            double[] other = pb.predictNext(rows);
            for (int i = 0; i < expected.length; i++) {
                expected[i] = (expected[i] + other[i]) / 2;
            }
            assertThat(both.predictNext(rows)).containsExactly(expected, within(1e-15));
            assertThat(both.report().model()).isEqualTo("linear+mean");
            assertThat(both.report().validationLoss()).isFinite().isGreaterThan(0);
            try (TrainedPredictor restored = ensemble.restore(both.parameters())) {
                assertThat(restored.predictNext(rows)).containsExactly(both.predictNext(rows));
            }
            byte[] p = both.parameters();
            assertThatThrownBy(() -> ensemble.restore(java.util.Arrays.copyOf(p, p.length - 3)))
                    .isInstanceOf(IllegalArgumentException.class);
        }
        assertThatThrownBy(() -> new AveragingPredictorTrainer(List.of(a), 0.2)).hasMessageContaining("at least two");
    }
}
