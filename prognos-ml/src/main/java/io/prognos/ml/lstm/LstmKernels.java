package io.prognos.ml.lstm;

import ai.djl.pytorch.jni.JniUtils;

import java.util.function.Supplier;

/**
 * Runs LSTM forward passes on PyTorch's gradient-mode kernels.
 *
 * <p>Measured on this project's machines (AMD EPYC with AVX-512, PyTorch 2.7.1 through DJL 0.36):
 * with gradient mode off, PyTorch's oneDNN LSTM kernel returns hidden states that differ from the LSTM
 * equations by up to 0.5 (it is correct when oneDNN is limited to AVX2 with
 * {@code ONEDNN_MAX_CPU_ISA=AVX2}, which makes it 2.5x slower). With gradient mode on, the output
 * matches a hand computation to 1e-7 at full speed. Gradient mode is thread-local in PyTorch and
 * records nothing when no parameter requires a gradient, so inference turns it on around the forward
 * pass. {@code LstmKernelsTest} checks the result against the LSTM equations.
 */
final class LstmKernels {

    private LstmKernels() {
    }

    static <T> T forward(Supplier<T> pass) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(true);
        try {
            return pass.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
