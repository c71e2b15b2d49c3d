package io.prognos.store;

import java.util.List;
import java.util.Map;

/**
 * An exact, immutable set of rows used to train or validate: identified by the SHA-256 of the rows
 * themselves (see {@link DatasetHasher}), with the sensors, time range and row count it covers, the
 * version it was derived from (null for raw data) and the preprocessing that derived it.
 */
public record DatasetVersion(String hash, List<String> sensors, long startMillis, long endMillis, long rowCount,
                             String parentHash, Map<String, Object> preprocessing) {

    public DatasetVersion {
        sensors = List.copyOf(sensors);
        preprocessing = preprocessing == null ? Map.of() : Map.copyOf(preprocessing);
    }
}
