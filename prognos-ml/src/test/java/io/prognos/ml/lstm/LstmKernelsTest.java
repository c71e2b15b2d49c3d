package io.prognos.ml.lstm;

import ai.djl.nn.Parameter;
import ai.djl.util.Pair;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/**
 * Known answer: a trained predictor's outputs equal the LSTM equations (gates i, f, g, o; two layers;
 * the last step's hidden state through the linear head) computed by hand from its weights.
 */
class LstmKernelsTest {

    private static final TelemanomConfig TINY = new TelemanomConfig(12, 2, 70, 30, 0.05, 100, 0.13, 2.5, 12, 0.5,
            TelemanomConfig.BatchScope.UNJUDGED_VALUES, 6, 0.0, 16, 2, 2, 0.0, 0.2, 0.01, 1000, 10);

    private static double sigmoid(double x) {
        return 1 / (1 + Math.exp(-x));
    }

    /** One LSTM layer over a sequence; returns all hidden states [t][unit]. */
    private static double[][] layer(double[][] input, float[] wIh, float[] wHh, float[] bIh, float[] bHh, int units) {
        int in = input[0].length;
        double[] h = new double[units];
        double[] c = new double[units];
        double[][] out = new double[input.length][];
        for (int t = 0; t < input.length; t++) {
            double[] gates = new double[4 * units];
            for (int r = 0; r < 4 * units; r++) {
                double v = bIh[r] + bHh[r];
                for (int j = 0; j < in; j++) {
                    v += wIh[r * in + j] * input[t][j];
                }
                for (int j = 0; j < units; j++) {
                    v += wHh[r * units + j] * h[j];
                }
                gates[r] = v;
            }
            double[] next = new double[units];
            for (int u = 0; u < units; u++) {
                double i = sigmoid(gates[u]);
                double f = sigmoid(gates[units + u]);
                double g = Math.tanh(gates[2 * units + u]);
                double o = sigmoid(gates[3 * units + u]);
                c[u] = f * c[u] + i * g;
                next[u] = o * Math.tanh(c[u]);
            }
            h = next;
            out[t] = next;
        }
        return out;
    }

    @Test
    void predictionsEqualTheLstmEquations() {
        double[][] rows = new double[200][2];
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = Math.sin(i / 3.0) * 0.7;
            rows[i][1] = i % 9 == 0 ? 1 : 0;
        }
        assertPredictionsFollowTheEquations(TINY, rows);
    }

    /** Telemanom's shapes (80 units, 250 steps, 25 columns): the size at which a faulty kernel showed up. */
    @Test
    void predictionsEqualTheLstmEquationsAtTelemanomsSize() {
        TelemanomConfig config = TelemanomConfig.defaults().withTraining(1, 1);
        double[][] rows = new double[config.windowLength() + config.predictionSteps() + 80][25];
        java.util.Random random = new java.util.Random(2);
        for (int i = 0; i < rows.length; i++) {
            rows[i][0] = Math.sin(i / 7.0) * 0.8 + 0.05 * random.nextGaussian();
            for (int j = 1; j < 25; j++) {
                rows[i][j] = random.nextInt(40) == 0 ? 1 : 0;
            }
        }
        assertPredictionsFollowTheEquations(config, rows);
    }

    private static void assertPredictionsFollowTheEquations(TelemanomConfig config, double[][] rows) {
        try (TrainedPredictor trained = new LstmPredictorTrainer(config).train(rows, 4, TrainingListener.NONE)) {
            LstmPredictor predictor = (LstmPredictor) trained;
            Map<String, float[]> w = new HashMap<>();
            for (Pair<String, Parameter> p : predictor.model().getBlock().getParameters()) {
                w.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            double[] next = predictor.predictNext(rows);
            assertThat(LstmPredictor.forwardKernel()).isIn("fused", "step-by-step");
            int units = config.lstmUnits();
            String lstm = w.keySet().stream().filter(k -> k.contains("l_0_i2h_WEIGHT")).findFirst().orElseThrow()
                    .replace("l_0_i2h_WEIGHT", "");
            String linear = w.keySet().stream().filter(k -> !k.startsWith(lstm) && k.endsWith("weight")).findFirst()
                    .orElseThrow().replace("weight", "");
            for (int t : new int[] {0, 57, next.length - 1}) {
                double[][] window = new double[config.windowLength()][];
                for (int r = 0; r < window.length; r++) {
                    window[r] = rows[t + r];
                }
                double[][] h1 = layer(window, w.get(lstm + "l_0_i2h_WEIGHT"), w.get(lstm + "l_0_h2h_WEIGHT"),
                        w.get(lstm + "l_0_i2h_BIAS"), w.get(lstm + "l_0_h2h_BIAS"), units);
                double[][] h2 = layer(h1, w.get(lstm + "l_1_i2h_WEIGHT"), w.get(lstm + "l_1_h2h_WEIGHT"),
                        w.get(lstm + "l_1_i2h_BIAS"), w.get(lstm + "l_1_h2h_BIAS"), units);
                double[] last = h2[h2.length - 1];
                double expected = w.get(linear + "bias")[0];
                for (int u = 0; u < units; u++) {
                    expected += w.get(linear + "weight")[u] * last[u];
                }
                assertThat(next[t]).as("prediction for window %d", t).isCloseTo(expected, within(1e-5));
            }
        }
    }
}
