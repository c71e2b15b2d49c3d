package io.prognos.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.transform.Scaler;

/**
 * Everything besides the learned weights that a detector model version needs to score new data
 * exactly as it was validated: the predictor kind, the Telemanom configuration, the scaler fitted on
 * the training split, the gap-filling limit and the seed. Stored as JSON in the model version.
 */
public record DetectorSpec(String predictor, TelemanomConfig telemanom, Scaler scaler, int gapFillMaxRun, long seed) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public String toJson() {
        try {
            return JSON.writeValueAsString(this);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write detector spec: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException naming what is wrong with the stored document */
    public static DetectorSpec fromJson(String json) {
        try {
            return JSON.readValue(json, DetectorSpec.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored detector configuration is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
