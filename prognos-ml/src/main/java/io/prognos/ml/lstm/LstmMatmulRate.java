package io.prognos.ml.lstm;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.prognos.core.detect.telemanom.TelemanomConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BrokenBarrierException;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.atomic.AtomicLong;

/**
 * How many Telemanom LSTM windows per second this machine's plain matrix multiplication would allow if
 * scoring cost nothing but the LSTM's matrix products: a measured yardstick for detection throughput on
 * the same machine, rather than a figure computed from a data-sheet peak.
 *
 * <p>Each window costs {@link #flopsPerWindow} floating-point operations in matrix products (every step,
 * each layer multiplies its input and its previous hidden state into the four gates). The measurement
 * runs exactly those products as PyTorch matrix multiplications (Intel MKL's SGEMM in this build), at the
 * inference batch size, from the given number of threads at once, each on a single-threaded PyTorch, as
 * detection does.
 *
 * <p>It is not an upper bound. The LSTM kernel does its products inside oneDNN's RNN primitive, with
 * oneDNN's own GEMM, so its products can run faster than MKL's: on an Intel Xeon detection reached 59-70 %
 * of this rate, on an AMD EPYC 139 %. Read the ratio against runs on the same CPU, not across vendors.
 */
public final class LstmMatmulRate {

    /** The measured rate of the LSTM's matrix products and the window rate it would allow. */
    public record Result(int threads, double seconds, double gflopsPerSecond, double windowsPerSecond) {
    }

    private LstmMatmulRate() {
    }

    /**
     * Floating-point operations in the matrix products of one window: for each of the window's steps,
     * 2 x 4 x units x (layer input width + units) per layer, the first layer's input being the
     * {@code columns} of the series and the second's the first layer's units.
     */
    public static long flopsPerWindow(TelemanomConfig config, int columns) {
        return config.windowLength() * flopsPerStep(config, columns);
    }

    /** One step of both layers for one window: input and recurrent products into the four gates. */
    private static long flopsPerStep(TelemanomConfig config, int columns) {
        long units = config.lstmUnits();
        return 2L * 4 * units * ((columns + units) + (units + units));
    }

    /**
     * Runs one LSTM step's matrix products for {@link LstmPredictor#PREDICT_BATCH} windows repeatedly,
     * from {@code threads} threads at once, for about {@code seconds}.
     */
    public static Result measure(TelemanomConfig config, int columns, int threads, double seconds) {
        if (threads < 1 || !(seconds > 0) || columns < 1) {
            throw new IllegalArgumentException("need threads >= 1, seconds > 0 and columns >= 1; got "
                    + threads + ", " + seconds + ", " + columns);
        }
        int batch = LstmPredictor.PREDICT_BATCH;
        int units = config.lstmUnits();
        long flopsPerRound = batch * flopsPerStep(config, columns);
        AtomicLong rounds = new AtomicLong();
        AtomicLong started = new AtomicLong();
        AtomicLong finished = new AtomicLong();
        long nanos = (long) (seconds * 1e9);
        // the clock starts when every thread has its operands (the first one may have had to load PyTorch)
        CyclicBarrier ready = new CyclicBarrier(threads, () -> started.set(System.nanoTime()));
        List<Thread> workers = new ArrayList<>();
        List<RuntimeException> failures = new CopyOnWriteArrayList<>();
        for (int i = 0; i < threads; i++) {
            int seed = i;
            Thread t = new Thread(() -> {
                try (NDManager manager = NDManager.newBaseManager("PyTorch")) {
                    Random random = new Random(seed);
                    NDArray input = filled(manager, random, batch, columns);
                    NDArray hidden = filled(manager, random, batch, units);
                    NDArray inputKernel = filled(manager, random, columns, 4 * units);
                    NDArray recurrent1 = filled(manager, random, units, 4 * units);
                    NDArray kernel2 = filled(manager, random, units, 4 * units);
                    NDArray recurrent2 = filled(manager, random, units, 4 * units);
                    ready.await();
                    long deadline = started.get() + nanos;
                    do { // at least one round, so even a very short measurement has a rate
                        input.matMul(inputKernel).close();
                        hidden.matMul(recurrent1).close();
                        hidden.matMul(kernel2).close();
                        hidden.matMul(recurrent2).close();
                        rounds.incrementAndGet();
                    } while (System.nanoTime() < deadline);
                    finished.accumulateAndGet(System.nanoTime(), Math::max);
                } catch (RuntimeException e) {
                    failures.add(e);
                    ready.reset();
                } catch (InterruptedException | BrokenBarrierException e) {
                    failures.add(new IllegalStateException("matrix-product measurement stopped: another thread failed", e));
                }
            }, "matmul-rate-" + i);
            t.start();
            workers.add(t);
        }
        for (Thread t : workers) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while measuring the matrix-product rate", e);
            }
        }
        if (!failures.isEmpty()) {
            // the thread that failed first is the one whose failure did not come from the broken barrier
            throw failures.stream().filter(f -> !(f.getCause() instanceof BrokenBarrierException)).findFirst()
                    .orElse(failures.get(0));
        }
        double elapsed = (finished.get() - started.get()) / 1e9;
        double flopsPerSecond = rounds.get() * (double) flopsPerRound / elapsed;
        return new Result(threads, elapsed, flopsPerSecond / 1e9, flopsPerSecond / flopsPerWindow(config, columns));
    }

    private static NDArray filled(NDManager manager, Random random, int rows, int columns) {
        float[] values = new float[rows * columns];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) (random.nextGaussian() * 0.1);
        }
        return manager.create(values, new Shape(rows, columns));
    }
}
