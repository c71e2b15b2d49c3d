package io.prognos.store;

/**
 * Life-cycle stage of a model version. New versions start in {@link #NONE}; at most one version of a
 * model is in {@link #PRODUCTION}, and that is the one that scores live data.
 */
public enum Stage {
    NONE("None"),
    STAGING("Staging"),
    PRODUCTION("Production"),
    ARCHIVED("Archived");

    private final String label;

    Stage(String label) {
        this.label = label;
    }

    /** The name stored in the database and shown to users. */
    public String label() {
        return label;
    }

    /** Parses a stored or user-given stage name, case-insensitively. */
    public static Stage parse(String text) {
        for (Stage s : values()) {
            if (s.label.equalsIgnoreCase(text) || s.name().equalsIgnoreCase(text)) {
                return s;
            }
        }
        throw new IllegalArgumentException("unknown stage '" + text + "': use None, Staging, Production or Archived");
    }
}
