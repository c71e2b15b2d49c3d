package io.prognos.pipeline;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.detect.telemanom.TelemanomConfig;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Imputation;
import io.prognos.core.transform.Resampler;
import io.prognos.core.transform.Scaler;

/**
 * Everything besides the learned weights that a detector model version needs to score new data
 * exactly as it was validated: the predictor kind, the Telemanom configuration, the resampling (grid
 * period, gap policy and limit, and the imputation that filled the training data's short gaps), the scaler
 * fitted on the training split and the seed. Stored as JSON in the model version; a document written before
 * imputation was recorded has no {@code imputation} and reads as {@link Imputation#LINEAR}, the only filling
 * there was.
 */
public record DetectorSpec(String predictor, TelemanomConfig telemanom, Scaler scaler, long periodMillis,
                           GapPolicy gapPolicy, int maxGap, long seed, Imputation imputation) {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    public DetectorSpec {
        if (imputation == null) {
            imputation = Imputation.LINEAR;
        }
    }

    /** A spec of a detector trained on linearly filled gaps. */
    public DetectorSpec(String predictor, TelemanomConfig telemanom, Scaler scaler, long periodMillis, GapPolicy gapPolicy,
                        int maxGap, long seed) {
        this(predictor, telemanom, scaler, periodMillis, gapPolicy, maxGap, seed, Imputation.LINEAR);
    }

    /** The resampling applied before scaling at training, with the training's imputation. */
    public Resampler resampler() {
        return new Resampler(periodMillis, gapPolicy, maxGap, imputation);
    }

    /**
     * The resampling used when scoring: the training policy's gap limit, but a gap it would leave missing
     * (longer than the limit, or any gap under {@code LEAVE}) ends one scored segment and starts the next, so
     * one outage never stops a sensor from being scored before and after it.
     *
     * <p>Short gaps are filled linearly whatever {@link #imputation()} trained the detector. Scoring reads a
     * bounded stretch (live scoring only the model's look-back, a few hundred points), and seasonal and
     * nearest-neighbour estimates depend on how much history is read: the same reading would be filled, and
     * judged, differently by live and batch scoring, and a season of a day at a fast sampling period would have to
     * be read on every live pass. Linear filling depends only on the readings either side of the gap, so every
     * pass fills it the same way. Which points are filled, left or split is the same as at training (the
     * strategy never changes that, see {@link Resampler}); only the values in gaps of at most {@code maxGap}
     * points differ, and those points are estimates either way, a small share of what the model saw in training.
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
