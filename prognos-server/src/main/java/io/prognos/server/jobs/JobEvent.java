package io.prognos.server.jobs;

/**
 * One line of a training job's log.
 *
 * @param atMillis when it happened (epoch ms)
 * @param level    "info", or "error" for a sensor that failed or a job that broke
 * @param message  what happened, in words a person can act on
 */
public record JobEvent(long atMillis, String level, String message) {
}
