package io.prognos.ml.patchtst;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Parameter;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import ai.djl.util.Pair;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.ml.BestWeights;
import io.prognos.ml.Shuffle;
import io.prognos.ml.lstm.DenormalFlush;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Trains a {@link PatchTstNetwork} on a multivariate series: Adam on the mean squared error of every
 * window whose input and horizon lie in the fitting rows, early stopping on the windows of a separate
 * validation segment, and the weights of the best validation epoch kept. The validation windows are
 * never fitted, so the reported validation loss is a held-out figure.
 */
public final class PatchTstTrainer {

    private static final int EVAL_BATCH = 256;
    private static final float POSITION_INIT = 0.02f;
    /** Batches that must fit in what is left of the budget, besides a validation pass, to start another epoch. */
    private static final int MINIMUM_BATCHES = 20;

    private final PatchTstConfig config;

    public PatchTstTrainer(PatchTstConfig config) {
        this.config = config;
    }

    /**
     * @param rows           the series {@code [row][column]}, finite, every row as wide
     * @param fitEnd         windows lying wholly in rows {@code [0, fitEnd)} are fitted
     * @param validationFrom first row of the validation windows' inputs (may precede {@code fitEnd}: inputs
     *                       may overlap the fitting rows, targets may not)
     * @param validationEnd  end (exclusive) of the rows the validation windows may use
     */
    public PatchTstForecaster train(double[][] rows, int fitEnd, int validationFrom, int validationEnd, long seed,
                                    TrainingListener listener) {
        int span = config.shape().inputLength() + config.shape().horizon();
        int[] fit = starts(0, fitEnd, span, "fitting rows [0, " + fitEnd + ")");
        int[] validation = starts(validationFrom, validationEnd, span,
                "validation rows [" + validationFrom + ", " + validationEnd + ")");
        if (validationFrom + config.shape().inputLength() < fitEnd) {
            throw new IllegalArgumentException("validation targets start at row " + (validationFrom
                    + config.shape().inputLength()) + ", inside the fitting rows [0, " + fitEnd + ")");
        }
        SeriesBuffer series = SeriesBuffer.of(rows, validationEnd);
        DenormalFlush.Scope flush = DenormalFlush.enterOnThisThread();
        try {
            return train(series, fit, validation, seed, listener);
        } finally {
            flush.close();
        }
    }

    private PatchTstForecaster train(SeriesBuffer series, int[] fit, int[] validation, long seed, TrainingListener listener) {
        long started = System.nanoTime();
        int batchesPerEpoch = (fit.length + config.batchSize() - 1) / config.batchSize();
        Tracker schedule = update -> (float) config.learningRate(Math.max(0, update - 1) / batchesPerEpoch + 1);
        Model model = Model.newInstance("patchtst", "PyTorch");
        boolean ok = false;
        try {
            PatchTstNetwork network = new PatchTstNetwork(config);
            model.setBlock(network);
            DefaultTrainingConfig training = new DefaultTrainingConfig(Loss.l2Loss("mse", 1.0f))
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(schedule).build());
            List<Double> trainLosses = new ArrayList<>();
            List<Double> validationLosses = new ArrayList<>();
            double best = Double.POSITIVE_INFINITY;
            int sinceBest = 0;
            boolean stoppedEarly = false;
            try (Trainer trainer = new Trainer(model, training);
                 BestWeights bestWeights = new BestWeights(model)) {
                initialize(trainer, network, seed, series.width());
                Random shuffler = new Random(seed ^ 0x9E3779B97F4A7C15L);
                int[] order = fit.clone();
                long deadline = started + (long) (config.maxTrainingSeconds() * 1e9);
                long validationNanos = 0;
                for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                    Shuffle.inPlace(order, shuffler);
                    // the first epoch always runs whole; later ones stop taking batches when the budget would not
                    // leave time to validate, so the budget's tail trains part of an epoch instead of idling
                    EpochLoss epochLoss = trainEpoch(trainer, series, order,
                            epoch == 1 ? Long.MAX_VALUE : deadline - validationNanos);
                    long validationStart = System.nanoTime();
                    double validationLoss = evaluate(trainer, series, validation);
                    validationNanos = System.nanoTime() - validationStart;
                    trainLosses.add(epochLoss.mean());
                    validationLosses.add(validationLoss);
                    listener.epochFinished(epoch, config.maxEpochs(), epochLoss.mean(), validationLoss);
                    if (!Double.isFinite(validationLoss)) {
                        throw new IllegalStateException("PatchTST training diverged at epoch " + epoch + ": validation loss "
                                + validationLoss);
                    }
                    if (validationLoss < best) {
                        best = validationLoss;
                        sinceBest = 0;
                        bestWeights.keep();
                    } else if (++sinceBest >= config.patience()) {
                        stoppedEarly = epoch < config.maxEpochs();
                        break;
                    }
                    long left = deadline - System.nanoTime();
                    if (epoch < config.maxEpochs() && (epochLoss.windows() < order.length
                            || left < validationNanos + MINIMUM_BATCHES * epochLoss.nanosPerBatch())) {
                        stoppedEarly = true;
                        break;
                    }
                }
                bestWeights.restore();
            }
            TrainingReport report = new TrainingReport("patchtst", fit.length, validation.length, trainLosses.size(),
                    stoppedEarly, trainLosses, validationLosses, best, (System.nanoTime() - started) / 1e9);
            ok = true;
            return new PatchTstForecaster(model, config, report);
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    /**
     * Starts the network as the reference PyTorch implementation does: every linear and convolution weight and
     * bias uniform in +-1/sqrt(fan-in) (DJL's Xavier default is about 3.5 times wider, which made training at
     * the paper's learning rate crawl), batch normalisation at identity, and the positional encoding uniform in
     * +-0.02. All values are drawn from the seed, so a seed fixes the starting point.
     */
    private void initialize(Trainer trainer, PatchTstNetwork network, long seed, int width) {
        synchronized (PatchTstTrainer.class) {
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            trainer.initialize(new Shape(1, config.shape().inputLength(), width));
        }
        startWeights(network, seed);
    }

    /** Re-draws an initialised network's weights as {@link #initialize} describes. */
    static void startWeights(PatchTstNetwork network, long seed) {
        Random random = new Random(seed);
        for (Pair<String, Parameter> entry : network.getParameters()) {
            Parameter parameter = entry.getValue();
            if (parameter == network.position()) {
                fillUniform(parameter.getArray(), POSITION_INIT, random);
            } else if (parameter.getType() == Parameter.Type.WEIGHT || parameter.getType() == Parameter.Type.BIAS) {
                NDArray weight = parameter.getType() == Parameter.Type.WEIGHT ? parameter.getArray()
                        : network.getParameters().get(entry.getKey().replaceFirst("bias$", "weight")).getArray();
                fillUniform(parameter.getArray(), 1 / Math.sqrt(fanIn(weight.getShape())), random);
            }
        }
    }

    /** Inputs feeding one output unit of a linear {@code (out, in)} or convolution {@code (out, in, kernel)} weight. */
    private static long fanIn(Shape weight) {
        long fanIn = 1;
        for (int i = 1; i < weight.dimension(); i++) {
            fanIn *= weight.get(i);
        }
        return fanIn;
    }

    private static void fillUniform(NDArray array, double bound, Random random) {
        float[] values = new float[Math.toIntExact(array.size())];
        for (int i = 0; i < values.length; i++) {
            values[i] = (float) ((random.nextDouble() * 2 - 1) * bound);
        }
        array.set(values);
    }

    /**
     * One pass over the shuffled windows, or the part of it that ends before {@code cutoff} (a {@link System#nanoTime}
     * instant): a batch is started only when the mean batch time so far says it ends in time. At least one batch runs.
     */
    private EpochLoss trainEpoch(Trainer trainer, SeriesBuffer series, int[] order, long cutoff) {
        double sum = 0;
        long started = System.nanoTime();
        int batches = 0;
        int trained = 0;
        for (int from = 0; from < order.length; from += config.batchSize()) {
            long now = System.nanoTime();
            if (batches > 0 && now + (now - started) / batches > cutoff) {
                break;
            }
            int to = Math.min(order.length, from + config.batchSize());
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = series.windows(batch, order, from, to, 0, config.shape().inputLength());
                NDArray y = series.windows(batch, order, from, to, config.shape().inputLength(), config.shape().horizon());
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray loss = prediction.sub(y).square().mean();
                    collector.backward(loss);
                    sum += loss.getFloat() * (double) (to - from);
                }
                trainer.step();
            }
            batches++;
            trained = to;
        }
        return new EpochLoss(sum / trained, trained, (System.nanoTime() - started) / batches);
    }

    /** The mean training loss over the windows an epoch trained on, how many it did, and its mean time per batch. */
    private record EpochLoss(double mean, int windows, long nanosPerBatch) {
    }

    /** Mean squared error over the windows, all steps and columns. */
    private double evaluate(Trainer trainer, SeriesBuffer series, int[] windows) {
        double sum = 0;
        for (int from = 0; from < windows.length; from += EVAL_BATCH) {
            int to = Math.min(windows.length, from + EVAL_BATCH);
            try (NDManager batch = trainer.getManager().newSubManager()) {
                NDArray x = series.windows(batch, windows, from, to, 0, config.shape().inputLength());
                NDArray y = series.windows(batch, windows, from, to, config.shape().inputLength(), config.shape().horizon());
                sum += trainer.evaluate(new NDList(x)).singletonOrThrow().sub(y).square().sum().getFloat();
            }
        }
        return sum / ((double) windows.length * config.shape().horizon() * series.width());
    }

    private static int[] starts(int from, int to, int span, String what) {
        int count = to - from - span + 1;
        if (from < 0 || count < 1) {
            throw new IllegalArgumentException("the " + what + " hold no window of " + span + " rows (input + horizon)");
        }
        int[] starts = new int[count];
        for (int i = 0; i < count; i++) {
            starts[i] = from + i;
        }
        return starts;
    }

    /** The series as one row-major float array, so a window is one contiguous copy. */
    private record SeriesBuffer(float[] values, int width) {

        static SeriesBuffer of(double[][] rows, int end) {
            if (end > rows.length) {
                throw new IllegalArgumentException("rows end at " + rows.length + ", windows need " + end);
            }
            int width = rows[0].length;
            float[] values = new float[end * width];
            for (int r = 0; r < end; r++) {
                if (rows[r].length != width) {
                    throw new IllegalArgumentException("row " + r + " has " + rows[r].length + " columns, row 0 has " + width);
                }
                for (int c = 0; c < width; c++) {
                    double v = rows[r][c];
                    if (!Double.isFinite(v)) {
                        throw new IllegalArgumentException("row " + r + ", column " + c + " is " + v
                                + "; training needs finite values");
                    }
                    values[r * width + c] = (float) v;
                }
            }
            return new SeriesBuffer(values, width);
        }

        /** Rows {@code [start + offset, start + offset + length)} of each selected window: {@code (n, length, width)}. */
        NDArray windows(NDManager manager, int[] starts, int from, int to, int offset, int length) {
            int block = length * width;
            float[] out = new float[(to - from) * block];
            for (int i = from; i < to; i++) {
                System.arraycopy(values, (starts[i] + offset) * width, out, (i - from) * block, block);
            }
            return manager.create(FloatBuffer.wrap(out), new Shape(to - from, length, width));
        }
    }
}
