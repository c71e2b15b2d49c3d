package io.prognos.core.detect.stream;

/**
 * A detector that sees one reading at a time, in time order, and says at once how anomalous it is, with
 * memory bounded independently of the stream's length. This is how a deployed detector meets telemetry
 * and how the Numenta Anomaly Benchmark runs detectors: the score of a reading may use only the readings
 * before it and itself.
 *
 * <p>Instances keep state and are not thread-safe; use one per stream.
 */
public interface StreamingDetector {

    /**
     * Consumes the next reading and scores it.
     *
     * @param epochSecond the reading's time (seconds since the epoch); detectors may ignore it
     * @param value       the reading
     * @return an anomaly score in [0, 1], higher meaning more anomalous
     */
    double score(long epochSecond, double value);
}
