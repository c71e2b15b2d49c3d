package io.prognos.ml.lstm;

import com.sun.jna.Function;
import com.sun.jna.Memory;
import com.sun.jna.NativeLibrary;
import com.sun.jna.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the calling thread's SSE/AVX arithmetic flush denormal floats to zero (the MXCSR FTZ and DAZ
 * bits), as {@code torch.set_flush_denormal(True)} does in Python; DJL does not expose that call.
 *
 * <p>Why: back-propagation through 250 LSTM steps produces vanishing gradients that pass through
 * the denormal range, and on Intel CPUs every arithmetic operation on a denormal takes a
 * microcode assist. Measured on an Intel Xeon (Sapphire Rapids) with PyTorch 2.7.1: training epochs
 * slowed from 4.5 s to 8-20 s as training went on; values this small carry no information for the
 * model. PyTorch runs single-threaded CPU work on the calling thread, so setting the bits on the
 * training thread covers the forward and backward passes. The bits are set through the C library's
 * {@code fegetenv}/{@code fesetenv} (glibc on x86-64 Linux); elsewhere nothing changes and a line is
 * logged once.
 */
public final class DenormalFlush {

    private static final Logger LOG = LoggerFactory.getLogger(DenormalFlush.class);

    /** glibc x86-64 {@code fenv_t}: 28 bytes of x87 state, then the 32-bit MXCSR. */
    private static final int FENV_SIZE = 32;
    private static final int MXCSR_OFFSET = 28;
    /** Flush-to-zero (bit 15) and denormals-are-zero (bit 6). */
    private static final int FTZ_DAZ = 0x8040;

    private static volatile boolean warned;

    private DenormalFlush() {
    }

    /**
     * Sets FTZ and DAZ on this thread until the returned scope is closed, which restores the previous
     * setting (Java's own arithmetic on this thread must not stay in flush mode).
     */
    public static Scope enterOnThisThread() {
        if (!Platform.isLinux() || !Platform.isIntel() || !Platform.is64Bit()) {
            warnOnce("denormal flushing is only implemented for x86-64 Linux; LSTM training may be slower here");
            return new Scope(null, false);
        }
        try {
            NativeLibrary libc = NativeLibrary.getInstance(Platform.C_LIBRARY_NAME);
            Function get = libc.getFunction("fegetenv");
            Function set = libc.getFunction("fesetenv");
            Memory saved = new Memory(FENV_SIZE);
            if (get.invokeInt(new Object[] {saved}) != 0) {
                warnOnce("fegetenv failed; denormal floats are not flushed");
                saved.close();
                return new Scope(null, false);
            }
            try (Memory env = new Memory(FENV_SIZE)) {
                env.write(0, saved.getByteArray(0, FENV_SIZE), 0, FENV_SIZE);
                env.setInt(MXCSR_OFFSET, env.getInt(MXCSR_OFFSET) | FTZ_DAZ);
                if (set.invokeInt(new Object[] {env}) != 0) {
                    warnOnce("fesetenv failed; denormal floats are not flushed");
                    saved.close();
                    return new Scope(null, false);
                }
                get.invokeInt(new Object[] {env});
                return new Scope(saved, (env.getInt(MXCSR_OFFSET) & FTZ_DAZ) == FTZ_DAZ);
            }
        } catch (UnsatisfiedLinkError | RuntimeException e) {
            warnOnce("cannot flush denormal floats (" + e.getMessage() + "); LSTM training may be slower");
            return new Scope(null, false);
        }
    }

    /** Flush mode on this thread until closed. */
    public static final class Scope implements AutoCloseable {
        private final Memory saved;
        private final boolean active;

        private Scope(Memory saved, boolean active) {
            this.saved = saved;
            this.active = active;
        }

        /** Whether FTZ and DAZ were set. */
        boolean active() {
            return active;
        }

        @Override
        public void close() {
            if (saved != null) {
                NativeLibrary.getInstance(Platform.C_LIBRARY_NAME).getFunction("fesetenv").invokeInt(new Object[] {saved});
                saved.close();
            }
        }
    }

    private static void warnOnce(String message) {
        if (!warned) {
            warned = true;
            LOG.warn(message);
        }
    }
}
