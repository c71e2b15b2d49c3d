package io.prognos.core.eval.kpi;

/**
 * Which way a KPI improves, so that {@link KpiDegradation} knows whether a rise or a fall is a
 * degradation.
 */
public enum KpiDirection {
    /** Larger is better: precision, recall, F1, ROC AUC, R². */
    HIGHER_IS_BETTER,
    /** Smaller is better: MAE, RMSE, MAPE, sMAPE. */
    LOWER_IS_BETTER
}
