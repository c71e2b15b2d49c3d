package io.prognos.ml.patchtst;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.AbstractBlock;
import ai.djl.nn.Activation;
import ai.djl.nn.Parameter;
import ai.djl.nn.convolutional.Conv1d;
import ai.djl.nn.core.Linear;
import ai.djl.nn.norm.BatchNorm;
import ai.djl.nn.norm.Dropout;
import ai.djl.training.ParameterStore;
import ai.djl.util.PairList;

import java.util.ArrayList;
import java.util.List;

/**
 * The PatchTST forecasting network (Nie et al., ICLR 2023): maps a window {@code (batch, inputLength,
 * columns)} to its forecast {@code (batch, horizon, columns)}.
 *
 * <p>Every column is handled on its own with shared weights (channel independence), so one trained
 * network forecasts any number of columns. Per window and column the input is instance-normalised
 * (mean and standard deviation of the window, restored on the output), padded at the end by one stride
 * with its last value, cut into overlapping patches that are projected linearly to tokens, given a
 * learned positional encoding, passed through an encoder of post-norm layers (multi-head attention with
 * residual attention scores, a GELU feed-forward block, batch normalisation over the token width), then
 * flattened and mapped by one linear layer to the horizon.
 */
public final class PatchTstNetwork extends AbstractBlock {

    private static final byte VERSION = 1;
    private static final float NORMALISATION_EPSILON = 1e-5f;

    private final PatchTstConfig config;
    private final Conv1d patchEmbedding;
    private final Parameter position;
    private final List<EncoderLayer> encoder = new ArrayList<>();
    private final Linear head;

    public PatchTstNetwork(PatchTstConfig config) {
        super(VERSION);
        this.config = config;
        patchEmbedding = addChildBlock("patch_embedding", Conv1d.builder().setKernelShape(new Shape(config.patchLength()))
                .optStride(new Shape(config.stride())).setFilters(config.modelDim()).build());
        position = addParameter(Parameter.builder().setName("position").setType(Parameter.Type.WEIGHT)
                .optShape(new Shape(config.patches(), config.modelDim())).build());
        for (int i = 0; i < config.layers(); i++) {
            encoder.add(new EncoderLayer(this, i));
        }
        head = addChildBlock("head", Linear.builder().setUnits(config.shape().horizon()).build());
    }

    public PatchTstConfig config() {
        return config;
    }

    /** The learned positional encoding, {@code (patches, modelDim)}. */
    Parameter position() {
        return position;
    }

    @Override
    protected NDList forwardInternal(ParameterStore store, NDList inputs, boolean training, PairList<String, Object> params) {
        NDArray x = inputs.singletonOrThrow();
        long batch = x.getShape().get(0);
        long length = x.getShape().get(1);
        long columns = x.getShape().get(2);
        NDArray mean = x.mean(new int[] {1}, true);
        NDArray centred = x.sub(mean);
        NDArray std = centred.square().mean(new int[] {1}, true).add(NORMALISATION_EPSILON).sqrt();
        NDArray series = centred.div(std).transpose(0, 2, 1).reshape(batch * columns, length);
        NDArray padding = series.get(":, -1:").broadcast(new Shape(batch * columns, config.stride()));
        NDArray padded = series.concat(padding, 1).expandDims(1);

        NDArray tokens = patchEmbedding.forward(store, new NDList(padded), training).singletonOrThrow().transpose(0, 2, 1);
        NDArray u = dropout(tokens.add(store.getValue(position, x.getDevice(), training)), config.dropout(), training);
        NDArray scores = null;
        for (EncoderLayer layer : encoder) {
            NDList out = layer.forward(store, u, scores, training);
            u = out.get(0);
            scores = out.get(1);
        }
        NDArray flat = dropout(u.reshape(batch * columns, (long) config.patches() * config.modelDim()), config.headDropout(),
                training);
        NDArray forecast = head.forward(store, new NDList(flat), training).singletonOrThrow();
        NDArray y = forecast.reshape(batch, columns, config.shape().horizon()).transpose(0, 2, 1);
        return new NDList(y.mul(std).add(mean));
    }

    @Override
    public Shape[] getOutputShapes(Shape[] inputShapes) {
        Shape in = inputShapes[0];
        return new Shape[] {new Shape(in.get(0), config.shape().horizon(), in.get(2))};
    }

    @Override
    public void initializeChildBlocks(NDManager manager, DataType dataType, Shape... inputShapes) {
        int n = config.patches();
        int d = config.modelDim();
        patchEmbedding.initialize(manager, dataType, new Shape(1, 1, config.shape().inputLength() + config.stride()));
        for (EncoderLayer layer : encoder) {
            layer.initialize(manager, dataType, n, d);
        }
        head.initialize(manager, dataType, new Shape(1, (long) n * d));
    }

    private static NDArray dropout(NDArray x, double rate, boolean training) {
        return rate == 0 || !training ? x : Dropout.dropout(x, (float) rate, true).singletonOrThrow();
    }

    /**
     * One post-norm encoder layer. Its attention adds the previous layer's pre-softmax scores to its own
     * (residual attention), as PatchTST does.
     */
    private final class EncoderLayer {
        private final Linear query;
        private final Linear key;
        private final Linear value;
        private final Linear output;
        private final BatchNorm attentionNorm;
        private final Linear expand;
        private final Linear contract;
        private final BatchNorm feedForwardNorm;

        EncoderLayer(PatchTstNetwork owner, int index) {
            String p = "layer" + index + "_";
            int d = config.modelDim();
            query = owner.addChildBlock(p + "query", Linear.builder().setUnits(d).build());
            key = owner.addChildBlock(p + "key", Linear.builder().setUnits(d).build());
            value = owner.addChildBlock(p + "value", Linear.builder().setUnits(d).build());
            output = owner.addChildBlock(p + "output", Linear.builder().setUnits(d).build());
            attentionNorm = owner.addChildBlock(p + "attention_norm", BatchNorm.builder().build());
            expand = owner.addChildBlock(p + "expand", Linear.builder().setUnits(config.feedForwardDim()).build());
            contract = owner.addChildBlock(p + "contract", Linear.builder().setUnits(d).build());
            feedForwardNorm = owner.addChildBlock(p + "feed_forward_norm", BatchNorm.builder().build());
        }

        void initialize(NDManager manager, DataType dataType, int patches, int d) {
            Shape tokens = new Shape(1, patches, d);
            query.initialize(manager, dataType, tokens);
            key.initialize(manager, dataType, tokens);
            value.initialize(manager, dataType, tokens);
            output.initialize(manager, dataType, tokens);
            attentionNorm.initialize(manager, dataType, new Shape(1, d, patches));
            expand.initialize(manager, dataType, tokens);
            contract.initialize(manager, dataType, new Shape(1, patches, config.feedForwardDim()));
            feedForwardNorm.initialize(manager, dataType, new Shape(1, d, patches));
        }

        /** Returns the layer's output tokens and its pre-softmax attention scores. */
        NDList forward(ParameterStore store, NDArray u, NDArray previousScores, boolean training) {
            long sequences = u.getShape().get(0);
            long patches = u.getShape().get(1);
            int d = config.modelDim();
            int heads = config.heads();
            long headDim = d / heads;
            NDArray q = split(linear(query, store, u, training), sequences, patches, heads, headDim);
            NDArray k = split(linear(key, store, u, training), sequences, patches, heads, headDim);
            NDArray v = split(linear(value, store, u, training), sequences, patches, heads, headDim);
            NDArray scores = q.matMul(k.transpose(0, 1, 3, 2)).mul((float) (1 / Math.sqrt(headDim)));
            if (previousScores != null) {
                scores = scores.add(previousScores);
            }
            NDArray attended = scores.softmax(-1).matMul(v).transpose(0, 2, 1, 3).reshape(sequences, patches, d);
            NDArray attention = linear(output, store, attended, training);
            NDArray x = norm(attentionNorm, store, u.add(dropout(attention, config.dropout(), training)), training);
            NDArray hidden = dropout(Activation.gelu(linear(expand, store, x, training)), config.dropout(), training);
            NDArray feedForward = linear(contract, store, hidden, training);
            NDArray y = norm(feedForwardNorm, store, x.add(dropout(feedForward, config.dropout(), training)), training);
            return new NDList(y, scores);
        }

        private NDArray split(NDArray x, long sequences, long patches, int heads, long headDim) {
            return x.reshape(sequences, patches, heads, headDim).transpose(0, 2, 1, 3);
        }

        private NDArray linear(Linear block, ParameterStore store, NDArray x, boolean training) {
            return block.forward(store, new NDList(x), training).singletonOrThrow();
        }

        /** Batch normalisation over the token width, as BatchNorm1d on {@code (sequences, width, patches)}. */
        private NDArray norm(BatchNorm block, ParameterStore store, NDArray x, boolean training) {
            return block.forward(store, new NDList(x.transpose(0, 2, 1)), training).singletonOrThrow().transpose(0, 2, 1);
        }
    }
}
