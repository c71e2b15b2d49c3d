package io.prognos.pipeline;

/**
 * The steps of one sensor's training, in order, as reported to a {@link TrainingProgress}: what a person
 * watching a long training sees the pipeline doing.
 */
public enum TrainingStep {
    LOADING("loading telemetry"),
    CHECKING_QUALITY("checking data quality"),
    PREPARING("resampling and splitting"),
    TRAINING("training"),
    EVALUATING("measuring on held-out data"),
    REGISTERING("registering and promoting");

    private final String label;

    TrainingStep(String label) {
        this.label = label;
    }

    /** Lower-case words for logs and pages, e.g. "checking data quality". */
    public String label() {
        return label;
    }
}
