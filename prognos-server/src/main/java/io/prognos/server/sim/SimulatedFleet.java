package io.prognos.server.sim;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.TelemetryPoint;
import io.prognos.store.TelemetryRepository;

import java.util.ArrayList;
import java.util.List;

/** Puts a simulated fleet into a store: its assets and sensors, and its clean history. */
public final class SimulatedFleet {

    private SimulatedFleet() {
    }

    /** Registers the simulator's assets and sensors (updating them when present). */
    public static void register(Database db, FleetSimulator simulator) {
        AssetRepository repo = new AssetRepository(db);
        for (Asset a : simulator.assets()) {
            repo.save(a);
        }
        for (Sensor s : simulator.sensors()) {
            repo.save(s);
        }
    }

    /**
     * Stores the simulator's readings up to (excluding) {@code untilMillis} directly, in batches, and
     * returns how many were stored. The simulator is left at the first step not stored.
     */
    public static long ingestUntil(Database db, FleetSimulator simulator, long untilMillis) {
        TelemetryRepository telemetry = new TelemetryRepository(db);
        List<TelemetryPoint> batch = new ArrayList<>();
        long stored = 0;
        while (simulator.nextTimestampMillis() < untilMillis) {
            for (FleetSimulator.Reading r : simulator.next()) {
                batch.add(new TelemetryPoint(r.sensorId(), r.timestampMillis(), r.value()));
            }
            if (batch.size() >= 50_000) {
                stored += telemetry.ingest(batch).inserted();
                batch.clear();
            }
        }
        if (!batch.isEmpty()) {
            stored += telemetry.ingest(batch).inserted();
        }
        return stored;
    }
}
