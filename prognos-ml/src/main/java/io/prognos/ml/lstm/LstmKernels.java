package io.prognos.ml.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.function.Supplier;

/**
 * Chooses, once per process, which PyTorch kernel runs LSTM forward passes that need no gradients.
 *
 * <p>With gradient mode off, PyTorch hands the LSTM to oneDNN's fused kernel, which is faster (15-30 %
 * more windows per second measured on an Intel Xeon with AVX-512). On an AMD EPYC with AVX-512 that
 * kernel returned hidden states differing from the LSTM equations by up to 0.5 (correct only when
 * oneDNN was limited to AVX2). With gradient mode on, PyTorch runs oneDNN's training-mode RNN instead (its
 * reference driver, one step at a time, as oneDNN's verbose log showed on the EPYC), which matched a hand computation to
 * 1e-7 on both machines; it records nothing when no parameter requires
 * a gradient. So the first forward pass of the process runs on both kernels and compares them: the fast
 * one is used from then on only if it agreed to within {@value #AGREEMENT}. {@code LstmKernelsTest}
 * checks the result against the LSTM equations, whichever kernel was chosen.
 */
final class LstmKernels {

    /** Largest difference between the kernels' outputs accepted as agreement (outputs are about +-1). */
    static final float AGREEMENT = 1e-4f;

    private static final Logger LOG = LoggerFactory.getLogger(LstmKernels.class);
    private static volatile Boolean fastKernelAgrees;

    private LstmKernels() {
    }

    /** Runs {@code pass}, a forward pass without gradients, on the kernel chosen for this machine. */
    static NDArray forward(Supplier<NDArray> pass) {
        Boolean fast = fastKernelAgrees;
        if (fast != null) {
            return run(pass, !fast);
        }
        NDArray reference = run(pass, true);
        NDArray quick = run(pass, false);
        float difference = reference.sub(quick).abs().max().getFloat();
        boolean agrees = difference <= AGREEMENT;
        if (fastKernelAgrees == null) {
            LOG.debug("LSTM inference: the fused kernel differs from the step-by-step one by at most {}; using the {} kernel",
                    difference, agrees ? "fused" : "step-by-step");
        }
        fastKernelAgrees = agrees;
        return reference;
    }

    /** "fused" or "step-by-step" once chosen, "undecided" before the first forward pass. */
    static String chosenKernel() {
        Boolean fast = fastKernelAgrees;
        return fast == null ? "undecided" : fast ? "fused" : "step-by-step";
    }

    private static NDArray run(Supplier<NDArray> pass, boolean gradMode) {
        boolean previous = JniUtils.isGradMode();
        JniUtils.setGradMode(gradMode);
        try {
            return pass.get();
        } finally {
            JniUtils.setGradMode(previous);
        }
    }
}
