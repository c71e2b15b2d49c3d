package io.prognos.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Resampler;
import io.prognos.core.transform.Scaler;

/**
 * Everything besides the learned weights that a detector model version needs to score new data
 * exactly as it was validated: the predictor kind, the Telemanom configuration, the resampling (grid
 * period, gap policy and limit), the scaler fitted on the training split and the seed. Stored as JSON
 * in the model version.
 */
public record DetectorSpec(String predictor, TelemanomConfig telemanom, Scaler scaler, long periodMillis,
                           GapPolicy gapPolicy, int maxGap, long seed) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The resampling applied before scaling, identical at training and scoring. */
    public Resampler resampler() {
        return new Resampler(periodMillis, gapPolicy, maxGap);
    }

    /**
     * The resampling used when scoring: the training policy's filling of short gaps, but a gap it would
     * leave missing (longer than the limit, or any gap under {@code LEAVE}) ends one scored segment and
     * starts the next, so one outage never stops a sensor from being scored before and after it.
     */
    public Resampler scoringResampler() {
        return new Resampler(periodMillis, GapPolicy.SPLIT, gapPolicy == GapPolicy.LEAVE ? 0 : maxGap);
    }

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
            DetectorSpec spec = JSON.readValue(json, DetectorSpec.class);
            if (spec.periodMillis() <= 0 || spec.gapPolicy() == null || spec.scaler() == null || spec.telemanom() == null) {
                throw new IllegalArgumentException("stored detector configuration lacks its scaler, configuration or "
                        + "resampling (written by an older Prognos?): retrain the sensor");
            }
            return spec;
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored detector configuration is not valid: " + e.getOriginalMessage(), e);
        }
    }
}
