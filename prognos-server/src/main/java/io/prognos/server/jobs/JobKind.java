package io.prognos.server.jobs;

import java.util.Locale;

/** What a training job trains for each of its sensors: the registry's two model kinds. */
public enum JobKind {
    DETECTOR, FORECASTER;

    /** "detector" or "forecaster", as in the API and the registry. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** @throws IllegalArgumentException naming the accepted kinds */
    public static JobKind parse(String text) {
        for (JobKind k : values()) {
            if (k.label().equals(text)) {
                return k;
            }
        }
        throw new IllegalArgumentException("must be detector or forecaster, got '" + text + "'");
    }
}
