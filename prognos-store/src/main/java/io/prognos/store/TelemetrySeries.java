package io.prognos.store;

/**
 * A sensor's readings over a time range, in timestamp order, as parallel arrays (missing values are
 * NaN). Arrays keep months of data compact and are what the detectors consume.
 */
public record TelemetrySeries(String sensorId, long[] timestamps, double[] values) {

    public TelemetrySeries {
        if (timestamps.length != values.length) {
            throw new IllegalArgumentException("timestamps and values differ in length: " + timestamps.length + " vs "
                    + values.length);
        }
    }

    public int size() {
        return timestamps.length;
    }
}
