package io.prognos.server.ingest;

/**
 * Telemetry that was refused as a whole: malformed, of an unknown sensor, out of order, or too large.
 * The message names the field or point; nothing of the refused batch was stored.
 */
public final class BadTelemetryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final boolean tooLarge;

    public BadTelemetryException(String message) {
        this(message, false);
    }

    public BadTelemetryException(String message, boolean tooLarge) {
        super(message);
        this.tooLarge = tooLarge;
    }

    /** Whether the batch was refused for its size (HTTP 413) rather than its content (HTTP 400). */
    public boolean tooLarge() {
        return tooLarge;
    }
}
