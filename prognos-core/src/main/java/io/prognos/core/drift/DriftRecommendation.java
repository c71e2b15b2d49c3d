package io.prognos.core.drift;

/**
 * What an operator or the pipeline should do about a drift report. {@link #INSPECT_SENSOR} takes precedence:
 * when the current signal is (nearly) constant or its spread changed by an order of magnitude, the sensor is
 * more likely stuck, saturated or miswired than the process changed, and retraining on its data would teach
 * the model the fault. {@link #RETRAIN} when the severity reaches the configured level, {@link #MONITOR} otherwise.
 */
public enum DriftRecommendation {
    MONITOR, RETRAIN, INSPECT_SENSOR
}
