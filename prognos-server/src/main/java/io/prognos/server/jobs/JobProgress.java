package io.prognos.server.jobs;

/**
 * How far a training job is, from the pipeline's own reports: sensors finished of all, the sensor in
 * training, the step it is in and, for models that train in epochs, the last finished epoch.
 *
 * @param sensorsDone   sensors finished (trained or failed)
 * @param sensorsTotal  sensors in the job
 * @param currentSensor the sensor in training, or null
 * @param step          the current sensor's step ("training", ...), or null
 * @param epoch         the current sensor's last finished epoch (1-based), or null
 * @param maxEpochs     its epoch limit, or null
 * @param fraction      0 to 1: finished sensors plus the current sensor's share by step and epoch
 */
public record JobProgress(int sensorsDone, int sensorsTotal, String currentSensor, String step, Integer epoch,
                          Integer maxEpochs, double fraction) {

    public JobProgress {
        if (sensorsTotal < 1 || sensorsDone < 0 || sensorsDone > sensorsTotal) {
            throw new IllegalArgumentException("progress must be 0.." + sensorsTotal + " of " + sensorsTotal + " sensors, got "
                    + sensorsDone);
        }
        fraction = Math.max(0, Math.min(1, fraction));
    }

    /** Nothing done yet. */
    public static JobProgress start(int total) {
        return new JobProgress(0, total, null, null, null, null, 0);
    }

    /** {@code done} sensors finished, none in training. */
    public static JobProgress between(int done, int total) {
        return new JobProgress(done, total, null, null, null, null, (double) done / total);
    }
}
