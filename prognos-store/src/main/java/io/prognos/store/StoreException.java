package io.prognos.store;

/** A store operation failed in a way the caller can report: the message says what and where. */
public class StoreException extends RuntimeException {

    public StoreException(String message) {
        super(message);
    }

    public StoreException(String message, Throwable cause) {
        super(message, cause);
    }
}
