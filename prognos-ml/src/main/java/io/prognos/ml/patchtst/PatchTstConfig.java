package io.prognos.ml.patchtst;

import io.prognos.core.forecast.ForecastShape;

/**
 * Size and training settings of a {@link PatchTstNetwork}: the PatchTST design of Nie et al. (ICLR 2023),
 * "A Time Series is Worth 64 Words". The defaults are the paper's ETTh settings (patches of 16 with stride
 * 8, a 3-layer encoder of width 16 with 4 heads and a 128-unit feed-forward layer, dropout 0.3, batches of
 * 128, Adam from 1e-4), which train on a 2-core CPU in minutes. With the reference initialisation
 * ({@link PatchTstTrainer}) the paper's learning rate converges within the 27 epochs a 14-minute budget
 * allowed on ETTh1 at horizon 96 (validation MSE 0.676).
 *
 * @param shape              input length and horizon, in sampling periods
 * @param patchLength        values per patch (one token)
 * @param stride             distance between patch starts; the series is padded at the end by one stride
 * @param modelDim           token width
 * @param heads              attention heads; must divide {@code modelDim}
 * @param layers             encoder layers
 * @param feedForwardDim     hidden width of each layer's feed-forward block
 * @param dropout            dropout inside the encoder and after the positional encoding
 * @param headDropout        dropout before the flatten head
 * @param batchSize          training windows per step (each holds every column)
 * @param learningRate       Adam's initial rate; constant for 3 epochs, then multiplied by 0.9 per epoch
 * @param maxEpochs          upper bound on training epochs
 * @param patience           epochs without a validation improvement before training stops
 * @param maxTrainingSeconds wall-clock budget: after the first epoch, no batch starts that is expected to leave too little
 *                           of it for the validation pass (so the last epoch may be partial), and no epoch starts
 *                           with less than a validation pass and 20 batches left
 */
public record PatchTstConfig(ForecastShape shape, int patchLength, int stride, int modelDim, int heads, int layers,
                             int feedForwardDim, double dropout, double headDropout, int batchSize, double learningRate,
                             int maxEpochs, int patience, double maxTrainingSeconds) {

    public PatchTstConfig {
        if (shape == null) {
            throw new IllegalArgumentException("shape is required");
        }
        requirePositive("patchLength", patchLength);
        requirePositive("stride", stride);
        requirePositive("modelDim", modelDim);
        requirePositive("heads", heads);
        requirePositive("layers", layers);
        requirePositive("feedForwardDim", feedForwardDim);
        requirePositive("batchSize", batchSize);
        requirePositive("maxEpochs", maxEpochs);
        requirePositive("patience", patience);
        if (patchLength > shape.inputLength()) {
            throw new IllegalArgumentException("patchLength " + patchLength + " exceeds the input length "
                    + shape.inputLength());
        }
        if (modelDim % heads != 0) {
            throw new IllegalArgumentException("heads (" + heads + ") must divide modelDim (" + modelDim + ")");
        }
        if (!(dropout >= 0 && dropout < 1) || !(headDropout >= 0 && headDropout < 1)) {
            throw new IllegalArgumentException("dropout rates must be in [0, 1), got " + dropout + " and " + headDropout);
        }
        if (!(learningRate > 0) || !Double.isFinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be positive, got " + learningRate);
        }
        if (!(maxTrainingSeconds > 0)) {
            throw new IllegalArgumentException("maxTrainingSeconds must be positive, got " + maxTrainingSeconds);
        }
    }

    /** The paper's windows per training step. */
    public static final int PAPER_BATCH_SIZE = 128;
    /** The paper's initial Adam learning rate. */
    public static final double PAPER_LEARNING_RATE = 1e-4;

    /** The ETTh settings above for this shape: at most 100 epochs, patience 10, a 14-minute budget. */
    public static PatchTstConfig defaults(ForecastShape shape) {
        return new PatchTstConfig(shape, 16, 8, 16, 4, 3, 128, 0.3, 0.0, PAPER_BATCH_SIZE, PAPER_LEARNING_RATE, 100, 10,
                14 * 60);
    }

    /** Tokens per column: {@code (inputLength - patchLength) / stride + 2} (the last from the end padding). */
    public int patches() {
        return (shape.inputLength() - patchLength) / stride + 2;
    }

    /** Number of learned values (weights, biases, positional encoding, batch-norm scales and shifts). */
    public long parameterCount() {
        long d = modelDim;
        long perLayer = 4 * (d * d + d) + (d * feedForwardDim + feedForwardDim) + ((long) feedForwardDim * d + d) + 4 * d;
        return (d * patchLength + d) + (long) patches() * d + layers * perLayer
                + ((long) patches() * d * shape.horizon() + shape.horizon());
    }

    /** The learning rate of a 1-based epoch. */
    public double learningRate(int epoch) {
        return epoch < 3 ? learningRate : learningRate * Math.pow(0.9, epoch - 3);
    }

    public PatchTstConfig withMaxEpochs(int epochs) {
        return new PatchTstConfig(shape, patchLength, stride, modelDim, heads, layers, feedForwardDim, dropout, headDropout,
                batchSize, learningRate, epochs, patience, maxTrainingSeconds);
    }

    public PatchTstConfig withLearningRate(double rate) {
        return new PatchTstConfig(shape, patchLength, stride, modelDim, heads, layers, feedForwardDim, dropout, headDropout,
                batchSize, rate, maxEpochs, patience, maxTrainingSeconds);
    }

    public PatchTstConfig withBatchSize(int windows) {
        return new PatchTstConfig(shape, patchLength, stride, modelDim, heads, layers, feedForwardDim, dropout, headDropout,
                windows, learningRate, maxEpochs, patience, maxTrainingSeconds);
    }

    public PatchTstConfig withMaxTrainingSeconds(double seconds) {
        return new PatchTstConfig(shape, patchLength, stride, modelDim, heads, layers, feedForwardDim, dropout, headDropout,
                batchSize, learningRate, maxEpochs, patience, seconds);
    }

    private static void requirePositive(String name, int value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + value);
        }
    }
}
