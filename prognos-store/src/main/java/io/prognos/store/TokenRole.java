package io.prognos.store;

import java.util.Locale;

/**
 * What an API token may do: a viewer reads, an operator also writes telemetry and acts on anomalies,
 * an admin also manages tokens. Each role includes the ones before it.
 */
public enum TokenRole {
    VIEWER, OPERATOR, ADMIN;

    /** Whether a holder of this role may do what {@code required} allows. */
    public boolean includes(TokenRole required) {
        return compareTo(required) >= 0;
    }

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses {@code viewer}, {@code operator} or {@code admin} (any case). */
    public static TokenRole parse(String text) {
        for (TokenRole r : values()) {
            if (r.label().equalsIgnoreCase(text == null ? "" : text.trim())) {
                return r;
            }
        }
        throw new IllegalArgumentException("unknown role '" + text + "': use viewer, operator or admin");
    }
}
