package io.prognos.server.jobs;

import java.util.Locale;

/**
 * Where a training job is. A job that went through all its sensors has {@code SUCCEEDED} when at least one
 * of them trained (failed sensors are listed in its outcomes), and {@code FAILED} when none did or the job
 * itself broke; {@code CANCELLED} when it was stopped before its last sensor.
 */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED, CANCELLED;

    /** Lower case, as in the API. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** True once the job can no longer change. */
    public boolean finished() {
        return this == SUCCEEDED || this == FAILED || this == CANCELLED;
    }
}
