package io.prognos.pipeline;

/** A pipeline step refused to go on; the message says why and what to do. */
public class PipelineException extends RuntimeException {

    public PipelineException(String message) {
        super(message);
    }
}
