package io.prognos.ml.lstm;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.util.Pair;
import org.junit.jupiter.api.Test;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

class KerasInitialisationTest {

    @Test
    void orthonormalColumnsAreUnitLengthAndMutuallyOrthogonal() {
        int rows = 40;
        int columns = 10;
        float[] q = KerasInitialisation.orthonormalColumns(rows, columns, new Random(3));
        for (int a = 0; a < columns; a++) {
            for (int b = 0; b < columns; b++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += q[r * columns + a] * q[r * columns + b];
                }
                assertThat(dot).as("column %d . column %d", a, b).isCloseTo(a == b ? 1 : 0, within(1e-5));
            }
        }
        assertThatThrownBy(() -> KerasInitialisation.orthonormalColumns(3, 4, new Random(1)))
                .hasMessageContaining("3 x 4");
    }

    @Test
    void glorotUniformStaysWithinItsLimitAndSpreadsAcrossIt() {
        float[] w = KerasInitialisation.glorotUniform(320, 80, new Random(5));
        double limit = Math.sqrt(6.0 / 400);
        double sumSquares = 0;
        for (float v : w) {
            assertThat(Math.abs(v)).isLessThanOrEqualTo((float) limit);
            sumSquares += v * v;
        }
        // a uniform draw on +-limit has variance limit^2 / 3
        assertThat(sumSquares / w.length).isCloseTo(limit * limit / 3, within(limit * limit * 0.02));
    }

    @Test
    void forgetGateBiasStartsAtOneAndTheOtherGatesAtZero() {
        float[] bias = KerasInitialisation.forgetBias(8);
        assertThat(bias).containsExactly(0, 0, 1, 1, 0, 0, 0, 0);
        assertThatThrownBy(() -> KerasInitialisation.forgetBias(6)).hasMessageContaining("4 x units");
    }

    @Test
    void appliedToTheTelemanomNetworkEveryParameterGetsItsKerasStartAndTheSeedFixesIt() {
        Map<String, float[]> first = initialise(11);
        Map<String, float[]> again = initialise(11);
        Map<String, float[]> other = initialise(12);
        assertThat(first.keySet()).hasSize(10);
        first.forEach((name, values) -> assertThat(again.get(name)).as(name).containsExactly(values));
        String recurrent = first.keySet().stream().filter(n -> n.endsWith("l_0_h2h_WEIGHT")).findFirst().orElseThrow();
        assertThat(other.get(recurrent)).isNotEqualTo(first.get(recurrent));
        for (Map.Entry<String, float[]> e : first.entrySet()) {
            String name = e.getKey();
            float[] v = e.getValue();
            if (name.endsWith("i2h_BIAS")) {
                assertThat(v[0]).isZero();
                assertThat(v[16]).isEqualTo(1f);
                assertThat(v[32]).isZero();
            } else if (name.endsWith("h2h_BIAS") || name.endsWith("bias")) {
                assertThat(v).containsOnly(0f);
            } else if (name.endsWith("h2h_WEIGHT")) {
                // (64, 16) with orthonormal columns: the squares sum to the 16 columns
                double sum = 0;
                for (float x : v) {
                    sum += x * x;
                }
                assertThat(sum).as(name).isCloseTo(16, within(1e-3));
            } else {
                double limit = name.contains("l_0_i2h") ? Math.sqrt(6.0 / (3 + 64))
                        : name.contains("i2h") ? Math.sqrt(6.0 / (16 + 64)) : Math.sqrt(6.0 / (16 + 2));
                for (float x : v) {
                    assertThat(Math.abs(x)).as(name).isLessThanOrEqualTo((float) limit);
                }
            }
        }
    }

    private static Map<String, float[]> initialise(long seed) {
        try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
            SequentialBlock net = new SequentialBlock();
            SequentialBlock inner = new SequentialBlock();
            inner.add(LSTM.builder().setStateSize(16).setNumLayers(2).optBatchFirst(true).build());
            net.add(inner);
            net.add(Linear.builder().setUnits(2).build());
            net.initialize(manager, DataType.FLOAT32, new Shape(1, 12, 3));
            KerasInitialisation.apply(net, seed);
            Map<String, float[]> values = new HashMap<>();
            for (Pair<String, Parameter> p : net.getParameters()) {
                values.put(p.getKey(), p.getValue().getArray().toFloatArray());
            }
            return values;
        }
    }
}
