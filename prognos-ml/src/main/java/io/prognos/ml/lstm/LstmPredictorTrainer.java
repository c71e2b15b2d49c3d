package io.prognos.ml.lstm;

import ai.djl.Model;
import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.LambdaBlock;
import ai.djl.nn.SequentialBlock;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.Dropout;
import ai.djl.nn.recurrent.LSTM;
import ai.djl.training.DefaultTrainingConfig;
import ai.djl.training.GradientCollector;
import ai.djl.training.Trainer;
import ai.djl.training.loss.Loss;
import ai.djl.training.optimizer.Optimizer;
import ai.djl.training.tracker.Tracker;
import io.prognos.core.detect.predict.PredictorTrainer;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.ml.BestWeights;
import io.prognos.ml.Shuffle;
import io.prognos.core.detect.predict.WindowedSeries;
import io.prognos.core.detect.telemanom.TelemanomConfig;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * Telemanom's predictor (Hundman et al., KDD 2018): two stacked LSTM layers of {@code lstmUnits}
 * units over windows of all input columns, dropout after each, and a linear head predicting the next
 * {@code predictionSteps} telemetry values; trained with Adam on mean squared error in mini-batches,
 * with early stopping on a held-out share of the windows.
 *
 * <p>One deliberate difference from the Keras reference: when early stopping ends training, the
 * weights of the epoch with the best validation loss are kept (Keras keeps the last epoch's), so the
 * reported held-out loss is the loss of the model actually used.
 */
public final class LstmPredictorTrainer implements PredictorTrainer {

    private static final int EVAL_BATCH = 128;

    private final TelemanomConfig config;

    public LstmPredictorTrainer(TelemanomConfig config) {
        this.config = config;
    }

    @Override
    public String name() {
        return "lstm";
    }

    @Override
    public TrainedPredictor train(double[][] rows, long seed, TrainingListener listener) {
        DenormalFlush.Scope flush = DenormalFlush.enterOnThisThread();
        try {
            return trainFlushingDenormals(rows, seed, listener);
        } finally {
            flush.close();
        }
    }

    private TrainedPredictor trainFlushingDenormals(double[][] rows, long seed, TrainingListener listener) {
        long started = System.nanoTime();
        WindowedSeries series = new WindowedSeries(rows, config.windowLength(), config.predictionSteps())
                .requireWindows(2, "training the LSTM predictor");
        WindowedSeries.Split split = series.shuffledSplit(seed, config.validationSplit());
        WindowBatcher batcher = new WindowBatcher(series);

        Model model = Model.newInstance("telemanom-lstm", "PyTorch");
        boolean ok = false;
        try {
            model.setBlock(buildNetwork());
            DefaultTrainingConfig trainingConfig = new DefaultTrainingConfig(Loss.l2Loss("mse", 1.0f))
                    .optOptimizer(Optimizer.adam().optLearningRateTracker(Tracker.fixed((float) config.learningRate()))
                            .build());
            List<Double> trainLosses = new ArrayList<>();
            List<Double> validationLosses = new ArrayList<>();
            boolean stoppedEarly = false;
            double best = Double.POSITIVE_INFINITY;
            double bestForStopping = Double.POSITIVE_INFINITY;
            int epochsWithoutImprovement = 0;
            try (Trainer trainer = new Trainer(model, trainingConfig);
                 BestWeights bestWeights = new BestWeights(model)) {
                initialize(trainer, seed, series.width());
                Random shuffler = new Random(seed ^ 0x5DEECE66DL);
                int[] fit = split.fit().clone();
                for (int epoch = 1; epoch <= config.maxEpochs(); epoch++) {
                    Shuffle.inPlace(fit, shuffler);
                    double trainLoss = trainEpoch(trainer, batcher, fit);
                    double validationLoss = split.validation().length == 0 ? trainLoss
                            : evaluate(trainer.getManager(), batcher, split.validation(),
                                    x -> trainer.evaluate(new NDList(x)).singletonOrThrow());
                    trainLosses.add(trainLoss);
                    validationLosses.add(validationLoss);
                    listener.epochFinished(epoch, config.maxEpochs(), trainLoss, validationLoss);
                    if (validationLoss < best) {
                        best = validationLoss;
                        bestWeights.keep();
                    }
                    // Keras EarlyStopping: improvement means beating the best by more than minDelta
                    if (validationLoss < bestForStopping - config.minDelta()) {
                        bestForStopping = validationLoss;
                        epochsWithoutImprovement = 0;
                    } else if (++epochsWithoutImprovement >= config.patience()) {
                        stoppedEarly = epoch < config.maxEpochs();
                        break;
                    }
                }
                if (!Double.isFinite(best)) {
                    throw new IllegalStateException("LSTM training diverged: validation loss " + validationLosses);
                }
                bestWeights.restore();
            }
            TrainingReport report = new TrainingReport(name(), split.fit().length, split.validation().length,
                    trainLosses.size(), stoppedEarly, trainLosses, validationLosses, best,
                    (System.nanoTime() - started) / 1e9);
            ok = true;
            return new LstmPredictor(model, config, series.width(), report);
        } finally {
            if (!ok) {
                model.close();
            }
        }
    }

    @Override
    public TrainedPredictor restore(byte[] parameters) {
        try (java.io.DataInputStream in = new java.io.DataInputStream(new java.io.ByteArrayInputStream(parameters))) {
            byte[] magic = new byte[LstmPredictor.MAGIC.length];
            in.readFully(magic);
            if (!java.util.Arrays.equals(magic, LstmPredictor.MAGIC)) {
                throw new IllegalArgumentException("not LSTM predictor parameters (bad magic bytes)");
            }
            int windowLength = in.readInt();
            int steps = in.readInt();
            int width = in.readInt();
            if (windowLength != config.windowLength() || steps != config.predictionSteps() || width < 1) {
                throw new IllegalArgumentException("the parameters are for windows of " + windowLength + " predicting "
                        + steps + " steps of " + width + " columns; this configuration has " + config.windowLength()
                        + " and " + config.predictionSteps());
            }
            Model model = Model.newInstance("telemanom-lstm", "PyTorch");
            try {
                model.setBlock(buildNetwork());
                model.getBlock().initialize(model.getNDManager(), ai.djl.ndarray.types.DataType.FLOAT32,
                        new Shape(1, windowLength, width));
                model.getBlock().loadParameters(model.getNDManager(), in);
                return new LstmPredictor(model, config, width, null);
            } catch (RuntimeException | ai.djl.MalformedModelException e) {
                model.close();
                throw new IllegalArgumentException("corrupt LSTM predictor parameters: " + e.getMessage(), e);
            }
        } catch (java.io.EOFException e) {
            throw new IllegalArgumentException("LSTM predictor parameters are truncated", e);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    /**
     * Initial weights are Keras's ({@link KerasInitialisation}), drawn from the seed alone. The engine's global
     * generator is seeded too, under one lock, because dropout masks draw from it (so only single-worker runs
     * are bit-reproducible).
     */
    private void initialize(Trainer trainer, long seed, int width) {
        synchronized (LstmPredictorTrainer.class) {
            Engine.getEngine("PyTorch").setRandomSeed((int) seed);
            trainer.initialize(new Shape(1, config.windowLength(), width));
        }
        KerasInitialisation.apply(trainer.getModel().getBlock(), seed);
    }

    private SequentialBlock buildNetwork() {
        SequentialBlock net = new SequentialBlock();
        net.add(LSTM.builder()
                .setStateSize(config.lstmUnits())
                .setNumLayers(2)
                .optDropRate((float) config.dropout())
                .optBatchFirst(true)
                .build());
        net.add(new LambdaBlock(list -> new NDList(list.get(0).get(":, -1, :")), "last-step"));
        net.add(Dropout.builder().optRate((float) config.dropout()).build());
        net.add(Linear.builder().setUnits(config.predictionSteps()).build());
        return net;
    }

    private double trainEpoch(Trainer trainer, WindowBatcher batcher, int[] fit) {
        int batchSize = config.trainingBatchSize();
        double sum = 0;
        for (int from = 0; from < fit.length; from += batchSize) {
            int to = Math.min(fit.length, from + batchSize);
            try (NDManager batchManager = trainer.getManager().newSubManager()) {
                NDArray x = batcher.inputs(batchManager, fit, from, to);
                NDArray y = batcher.targets(batchManager, fit, from, to);
                try (GradientCollector collector = trainer.newGradientCollector()) {
                    NDArray prediction = trainer.forward(new NDList(x)).singletonOrThrow();
                    NDArray loss = prediction.sub(y).square().mean();
                    collector.backward(loss);
                    sum += loss.getFloat() * (double) (to - from);
                }
                trainer.step();
            }
        }
        return sum / fit.length;
    }

    /** Mean squared error over the given windows, all steps ahead. */
    static double evaluate(NDManager parent, WindowBatcher batcher, int[] windows,
                           java.util.function.UnaryOperator<NDArray> forward) {
        double sum = 0;
        for (int from = 0; from < windows.length; from += EVAL_BATCH) {
            int to = Math.min(windows.length, from + EVAL_BATCH);
            try (NDManager batchManager = parent.newSubManager()) {
                NDArray x = batcher.inputs(batchManager, windows, from, to);
                NDArray y = batcher.targets(batchManager, windows, from, to);
                NDArray prediction = LstmKernels.forward(() -> forward.apply(x));
                sum += prediction.sub(y).square().sum().getFloat();
            }
        }
        return sum / ((double) windows.length * batcher.predictionSteps());
    }
}
