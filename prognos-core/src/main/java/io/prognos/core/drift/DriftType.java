package io.prognos.core.drift;

/**
 * What moved between the reference and the current window. {@link #COVARIATE}: the model's inputs moved
 * (the model now sees data unlike its training data). {@link #CONCEPT}: the inputs look as before but the
 * model's prediction errors moved, so the relation between inputs and target changed. {@link #BOTH}: both.
 */
public enum DriftType {
    NONE, COVARIATE, CONCEPT, BOTH
}
