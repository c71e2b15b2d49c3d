package io.prognos.server.jobs;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.store.TrainingJobRepository;

/** A training job's record in the store: the snapshot as JSON, and back. */
final class JobRecords {

    private static final ObjectMapper JSON = new ObjectMapper()
            .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    private JobRecords() {
    }

    static String write(TrainingJob job) {
        try {
            return JSON.writeValueAsString(job);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot write training job " + job.id() + " as JSON: " + e.getMessage(), e);
        }
    }

    /** @throws IllegalArgumentException when the stored record cannot be read */
    static TrainingJob read(TrainingJobRepository.StoredJob stored) {
        try {
            return JSON.readValue(stored.record(), TrainingJob.class).withId(stored.id());
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("stored training job " + stored.id() + " is not readable: "
                    + e.getOriginalMessage(), e);
        }
    }
}
