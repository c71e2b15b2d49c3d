package io.prognos.ml.patchtst;

import ai.djl.MalformedModelException;
import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.training.ParameterStore;
import io.prognos.core.detect.predict.TrainingReport;
import io.prognos.core.forecast.ForecastShape;
import io.prognos.core.forecast.Forecaster;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.FloatBuffer;
import java.util.Arrays;

/**
 * A trained {@link PatchTstNetwork} as a {@link Forecaster}. Columns are forecast independently with
 * shared weights, so any number of columns can be passed. Holds native memory: {@link #close()} it.
 * Calls are serialised; one instance serves one thread at a time.
 */
public final class PatchTstForecaster implements Forecaster, AutoCloseable {

    private static final byte[] MAGIC = {'P', 'R', 'G', 'P', 'T', 'S', 'T', '1'};
    /** Windows per native call when forecasting many windows. */
    private static final int BATCH = 256;
    private static final int MAX_LENGTH = 1 << 16;
    private static final int MAX_WIDTH = 1 << 12;

    private final Model model;
    private final PatchTstConfig config;
    private final TrainingReport report;

    PatchTstForecaster(Model model, PatchTstConfig config, TrainingReport report) {
        this.model = model;
        this.config = config;
        this.report = report;
    }

    @Override
    public String name() {
        return "patchtst";
    }

    @Override
    public ForecastShape shape() {
        return config.shape();
    }

    public PatchTstConfig config() {
        return config;
    }

    /** The training record, or null for a forecaster restored from bytes. */
    public TrainingReport report() {
        return report;
    }

    @Override
    public double[][] forecast(double[][] history) {
        int start = Forecaster.inputStart(history, config.shape());
        return forecastWindows(history, new int[] {start})[0];
    }

    /**
     * Forecasts of many windows, batched: window {@code i} reads rows {@code [inputStarts[i], inputStarts[i] +
     * inputLength)}; the result is {@code [window][step][column]}.
     */
    @Override
    public synchronized double[][][] forecastWindows(double[][] rows, int[] inputStarts) {
        int length = config.shape().inputLength();
        int horizon = config.shape().horizon();
        int width = rows.length == 0 ? 0 : rows[0].length;
        double[][][] result = new double[inputStarts.length][][];
        ParameterStore store = new ParameterStore(model.getNDManager(), false);
        for (int from = 0; from < inputStarts.length; from += BATCH) {
            int to = Math.min(inputStarts.length, from + BATCH);
            float[] input = new float[(to - from) * length * width];
            int k = 0;
            for (int w = from; w < to; w++) {
                int s = inputStarts[w];
                if (s < 0 || s + length > rows.length) {
                    throw new IllegalArgumentException("window at row " + s + " needs rows up to " + (s + length) + ", there are "
                            + rows.length);
                }
                for (int r = s; r < s + length; r++) {
                    for (int c = 0; c < width; c++) {
                        double v = rows[r][c];
                        if (!Double.isFinite(v)) {
                            throw new IllegalArgumentException("row " + r + ", column " + c + " is " + v
                                    + "; forecasters need finite values");
                        }
                        input[k++] = (float) v;
                    }
                }
            }
            try (NDManager batch = model.getNDManager().newSubManager()) {
                NDArray x = batch.create(FloatBuffer.wrap(input), new Shape(to - from, length, width));
                float[] out = model.getBlock().forward(store, new NDList(x), false).singletonOrThrow().toFloatArray();
                int o = 0;
                for (int w = from; w < to; w++) {
                    double[][] f = new double[horizon][width];
                    for (int h = 0; h < horizon; h++) {
                        for (int c = 0; c < width; c++) {
                            f[h][c] = out[o++];
                        }
                    }
                    result[w] = f;
                }
            }
        }
        return result;
    }

    /** The configuration and weights, to restore with {@link #fromBytes}. */
    public synchronized byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(MAGIC);
            writeConfig(out, config);
            model.getBlock().saveParameters(out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /**
     * Restores a forecaster saved by {@link #toBytes}.
     *
     * @throws IllegalArgumentException when the bytes are not PatchTST parameters, or are truncated or corrupt
     */
    public static PatchTstForecaster fromBytes(byte[] bytes) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(bytes))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not PatchTST forecaster parameters (bad magic bytes)");
            }
            PatchTstConfig config = readConfig(in);
            if (config.parameterCount() * Float.BYTES > bytes.length) {
                throw new IllegalArgumentException("corrupt or truncated PatchTST forecaster parameters: its configuration "
                        + "needs " + config.parameterCount() + " values, the bytes hold " + bytes.length);
            }
            Model model = Model.newInstance("patchtst", "PyTorch");
            try {
                model.setBlock(new PatchTstNetwork(config));
                model.getBlock().initialize(model.getNDManager(), DataType.FLOAT32,
                        new Shape(1, config.shape().inputLength(), 1));
                model.getBlock().loadParameters(model.getNDManager(), in);
                return new PatchTstForecaster(model, config, null);
            } catch (RuntimeException | MalformedModelException e) {
                model.close();
                throw new IllegalArgumentException("corrupt PatchTST forecaster parameters: " + e.getMessage(), e);
            }
        } catch (EOFException e) {
            throw new IllegalArgumentException("PatchTST forecaster parameters are truncated", e);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void writeConfig(DataOutputStream out, PatchTstConfig c) throws IOException {
        out.writeInt(c.shape().inputLength());
        out.writeInt(c.shape().horizon());
        out.writeInt(c.patchLength());
        out.writeInt(c.stride());
        out.writeInt(c.modelDim());
        out.writeInt(c.heads());
        out.writeInt(c.layers());
        out.writeInt(c.feedForwardDim());
        out.writeDouble(c.dropout());
        out.writeDouble(c.headDropout());
        out.writeInt(c.batchSize());
        out.writeDouble(c.learningRate());
        out.writeInt(c.maxEpochs());
        out.writeInt(c.patience());
        out.writeDouble(c.maxTrainingSeconds());
    }

    private static PatchTstConfig readConfig(DataInputStream in) throws IOException {
        int inputLength = bounded("input length", in.readInt(), MAX_LENGTH);
        int horizon = bounded("horizon", in.readInt(), MAX_LENGTH);
        int patchLength = bounded("patch length", in.readInt(), MAX_LENGTH);
        int stride = bounded("stride", in.readInt(), MAX_LENGTH);
        int modelDim = bounded("model width", in.readInt(), MAX_WIDTH);
        int heads = bounded("heads", in.readInt(), MAX_WIDTH);
        int layers = bounded("layers", in.readInt(), 64);
        int feedForward = bounded("feed-forward width", in.readInt(), MAX_WIDTH);
        try {
            return new PatchTstConfig(new ForecastShape(inputLength, horizon), patchLength, stride, modelDim, heads, layers,
                    feedForward, in.readDouble(), in.readDouble(), in.readInt(), in.readDouble(), in.readInt(), in.readInt(),
                    in.readDouble());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("corrupt PatchTST forecaster parameters: " + e.getMessage(), e);
        }
    }

    private static int bounded(String what, int value, int max) {
        if (value < 1 || value > max) {
            throw new IllegalArgumentException("corrupt PatchTST forecaster parameters: " + what + " " + value
                    + " is outside [1, " + max + "]");
        }
        return value;
    }

    @Override
    public synchronized void close() {
        model.close();
    }
}
