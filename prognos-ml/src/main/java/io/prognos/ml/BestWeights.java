package io.prognos.ml;

import ai.djl.Model;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.nn.Parameter;
import ai.djl.util.Pair;

import java.util.ArrayList;
import java.util.List;

/**
 * A copy of a model's parameters taken at its best validation epoch, put back when training ends, so the
 * model kept is the one whose held-out loss is reported. Copies live in a sub-manager of the model's and
 * are freed when this is closed.
 */
public final class BestWeights implements AutoCloseable {

    private final Model model;
    private final NDManager copies;
    private List<NDArray> kept;

    public BestWeights(Model model) {
        this.model = model;
        this.copies = model.getNDManager().newSubManager();
    }

    /** Replaces the kept copy with the model's current parameters. */
    public void keep() {
        if (kept != null) {
            kept.forEach(NDArray::close);
        }
        kept = new ArrayList<>();
        for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
            NDArray copy = parameter.getValue().getArray().duplicate();
            copy.attach(copies);
            kept.add(copy);
        }
    }

    /** Writes the kept copy back into the model's parameters. */
    public void restore() {
        if (kept == null) {
            throw new IllegalStateException("no weights were kept");
        }
        int i = 0;
        for (Pair<String, Parameter> parameter : model.getBlock().getParameters()) {
            kept.get(i++).copyTo(parameter.getValue().getArray());
        }
    }

    @Override
    public void close() {
        copies.close();
    }
}
