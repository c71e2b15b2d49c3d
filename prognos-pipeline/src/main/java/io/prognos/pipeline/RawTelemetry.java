package io.prognos.pipeline;

import io.prognos.core.asset.Sensor;
import io.prognos.store.AssetRepository;
import io.prognos.store.DatasetHasher;
import io.prognos.store.DatasetRepository;
import io.prognos.store.DatasetVersion;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;

import java.util.List;
import java.util.Map;

/**
 * The first step of every training: a sensor's stored readings up to an instant, registered as the raw
 * dataset version (the root of the model's lineage).
 *
 * @param hash the raw dataset version's hash
 */
record RawTelemetry(Sensor sensor, TelemetrySeries series, String hash) {

    /** @throws io.prognos.store.StoreException for an unknown sensor */
    static RawTelemetry load(PipelineContext context, String sensorId, Long untilMillis) {
        Sensor sensor = new AssetRepository(context.db()).requireSensor(sensorId);
        TelemetrySeries raw = new TelemetryRepository(context.db()).read(sensorId, Long.MIN_VALUE,
                untilMillis == null ? Long.MAX_VALUE : untilMillis);
        String hash = new DatasetHasher().add(raw).hash();
        long start = raw.size() == 0 ? 0 : raw.timestamps()[0];
        long end = raw.size() == 0 ? 0 : raw.timestamps()[raw.size() - 1];
        new DatasetRepository(context.db()).save(new DatasetVersion(hash, List.of(sensorId), start, end, raw.size(), null,
                Map.of("source", "telemetry", "until", String.valueOf(untilMillis))));
        return new RawTelemetry(sensor, raw, hash);
    }
}
