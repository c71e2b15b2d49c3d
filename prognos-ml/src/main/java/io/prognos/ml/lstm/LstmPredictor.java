package io.prognos.ml.lstm;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.training.ParameterStore;
import io.prognos.core.detect.predict.TrainedPredictor;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.core.detect.predict.WindowedSeries;
import io.prognos.core.detect.telemanom.TelemanomConfig;

/**
 * A trained LSTM window predictor. Inference runs in large batches with gradients off; the model's
 * native memory is released by {@link #close()}.
 */
public final class LstmPredictor implements TrainedPredictor {

    /** Windows per inference call; large batches keep the two cores busy. */
    static final int PREDICT_BATCH = 1024;

    private final Model model;
    private final TelemanomConfig config;
    private final int width;
    private final TrainingReport report;

    LstmPredictor(Model model, TelemanomConfig config, int width, TrainingReport report) {
        this.model = model;
        this.config = config;
        this.width = width;
        this.report = report;
        // trained: nothing needs a gradient any more, so gradient-mode inference records no graph
        model.getBlock().getParameters().values().forEach(p -> p.getArray().setRequiresGradient(false));
    }

    Model model() {
        return model;
    }

    /** Header of the saved parameters: magic, window length, prediction steps, input width; then DJL's block parameters. */
    static final byte[] MAGIC = {'P', 'R', 'G', 'L', 'S', 'T', 'M', '1'};

    @Override
    public byte[] parameters() {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(bytes)) {
            out.write(MAGIC);
            out.writeInt(config.windowLength());
            out.writeInt(config.predictionSteps());
            out.writeInt(width);
            model.getBlock().saveParameters(out);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    @Override
    public int windowLength() {
        return config.windowLength();
    }

    @Override
    public int predictionSteps() {
        return config.predictionSteps();
    }

    /**
     * Which LSTM kernel this process uses for predictions: "fused" (oneDNN, faster) when it agreed with
     * the step-by-step kernel on the first forward pass, else "step-by-step"; "undecided" before that.
     */
    public static String forwardKernel() {
        return LstmKernels.chosenKernel();
    }

    @Override
    public double[] predictNext(double[][] rows) {
        DenormalFlush.Scope flush = DenormalFlush.enterOnThisThread();
        try {
            return predictFlushingDenormals(rows);
        } finally {
            flush.close();
        }
    }

    private double[] predictFlushingDenormals(double[][] rows) {
        WindowedSeries series = new WindowedSeries(rows, config.windowLength(), config.predictionSteps())
                .requireWindows(1, "prediction");
        if (series.width() != width) {
            throw new IllegalArgumentException("series has " + series.width() + " columns, the model was trained on " + width);
        }
        WindowBatcher batcher = new WindowBatcher(series);
        int count = series.windowCount();
        double[] out = new double[count];
        ParameterStore parameters = new ParameterStore(model.getNDManager(), false);
        for (int from = 0; from < count; from += PREDICT_BATCH) {
            int to = Math.min(count, from + PREDICT_BATCH);
            try (NDManager batchManager = model.getNDManager().newSubManager()) {
                NDArray x = batcher.consecutiveInputs(batchManager, from, to);
                NDArray prediction = LstmKernels.forward(
                        () -> model.getBlock().forward(parameters, new NDList(x), false).singletonOrThrow());
                float[] firstStep = prediction.get(":, 0").toFloatArray();
                for (int i = 0; i < firstStep.length; i++) {
                    out[from + i] = firstStep[i];
                }
            }
        }
        return out;
    }

    @Override
    public TrainingReport report() {
        if (report == null) {
            throw new IllegalStateException("a restored predictor has no training record; see its model version");
        }
        return report;
    }

    @Override
    public void close() {
        model.close();
    }
}
