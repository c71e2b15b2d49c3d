package io.prognos.ml.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Block;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.Random;

/**
 * Starts the Telemanom network where the Keras reference starts it, drawing every value from one seed:
 * LSTM input kernels Glorot-uniform, recurrent kernels orthogonal, biases zero except the forget gate's,
 * which starts at 1 ({@code unit_forget_bias}), and the dense head Glorot-uniform with a zero bias.
 *
 * <p>Why: DJL's default draws every weight from a He normal, which gives the recurrent kernels about three
 * times Keras's spread and no forget-gate bias, so the network starts in a different regime from the one
 * whose published accuracy it is measured against.
 */
final class KerasInitialisation {

    private KerasInitialisation() {
    }

    /**
     * Re-draws the parameters of an initialised block built of PyTorch-layout LSTM layers (gate rows in the
     * order input, forget, cell, output; names ending {@code i2h_WEIGHT}, {@code h2h_WEIGHT}, {@code i2h_BIAS},
     * {@code h2h_BIAS}) and linear layers ({@code weight}, {@code bias}).
     */
    static void apply(Block block, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> entry : block.getParameters()) {
            String name = entry.getKey();
            NDArray array = entry.getValue().getArray();
            Shape shape = array.getShape();
            if (name.endsWith("h2h_WEIGHT")) {
                array.set(orthonormalColumns((int) shape.get(0), (int) shape.get(1), random));
            } else if (name.endsWith("i2h_BIAS")) {
                array.set(forgetBias((int) shape.get(0)));
            } else if (name.endsWith("h2h_BIAS") || name.endsWith("bias")) {
                array.set(new float[Math.toIntExact(array.size())]);
            } else if (name.endsWith("i2h_WEIGHT") || name.endsWith("weight")) {
                array.set(glorotUniform((int) shape.get(0), (int) shape.get(1), random));
            } else {
                throw new IllegalStateException("no Keras initialisation for parameter " + name + " " + shape);
            }
        }
    }

    /** A {@code (out, in)} weight uniform in +-sqrt(6 / (in + out)), Keras's {@code glorot_uniform}. */
    static float[] glorotUniform(int out, int in, Random random) {
        double limit = Math.sqrt(6.0 / (in + out));
        float[] values = new float[out * in];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * limit);
        }
        return values;
    }

    /**
     * A row-major {@code (rows, columns)} matrix with orthonormal columns (rows >= columns), from a Gaussian
     * matrix by modified Gram-Schmidt: the transpose of Keras's {@code orthogonal} recurrent kernel, whose
     * rows are orthonormal.
     */
    static float[] orthonormalColumns(int rows, int columns, Random random) {
        if (rows < columns) {
            throw new IllegalArgumentException("need rows >= columns for orthonormal columns, got " + rows + " x " + columns);
        }
        double[][] q = new double[columns][rows];
        for (int c = 0; c < columns; c++) {
            for (int r = 0; r < rows; r++) {
                q[c][r] = random.nextGaussian();
            }
            for (int p = 0; p < c; p++) {
                double dot = 0;
                for (int r = 0; r < rows; r++) {
                    dot += q[c][r] * q[p][r];
                }
                for (int r = 0; r < rows; r++) {
                    q[c][r] -= dot * q[p][r];
                }
            }
            double norm = 0;
            for (int r = 0; r < rows; r++) {
                norm += q[c][r] * q[c][r];
            }
            norm = Math.sqrt(norm);
            for (int r = 0; r < rows; r++) {
                q[c][r] /= norm;
            }
        }
        float[] values = new float[rows * columns];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < columns; c++) {
                values[r * columns + c] = (float) q[c][r];
            }
        }
        return values;
    }

    /** Input-side gate biases {@code (4 * units)}: zero, and 1 for the forget gate (the second block). */
    static float[] forgetBias(int gateRows) {
        if (gateRows % 4 != 0) {
            throw new IllegalArgumentException("LSTM gate rows must be 4 x units, got " + gateRows);
        }
        int units = gateRows / 4;
        float[] values = new float[gateRows];
        java.util.Arrays.fill(values, units, 2 * units, 1f);
        return values;
    }
}
