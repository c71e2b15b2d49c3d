package io.prognos.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import org.jdbi.v3.core.Handle;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

/** Assets and their sensors. Saving is an upsert by id, so re-importing a fleet is harmless. */
public final class AssetRepository {

    private final Database db;

    public AssetRepository(Database db) {
        this.db = db;
    }

    public void save(Asset asset) {
        db.jdbi().useHandle(h -> h.createUpdate("""
                        INSERT INTO asset (asset_id, name, asset_type, location, criticality, created_at)
                        VALUES (:id, :name, :type, :location, :criticality, :now)
                        ON CONFLICT (asset_id) DO UPDATE SET name = excluded.name, asset_type = excluded.asset_type,
                            location = excluded.location, criticality = excluded.criticality""")
                .bind("id", asset.id())
                .bind("name", asset.name())
                .bind("type", asset.type())
                .bind("location", asset.location())
                .bind("criticality", asset.criticality())
                .bind("now", System.currentTimeMillis())
                .execute());
    }

    /** Saves the sensor; its asset must exist. */
    public void save(Sensor sensor) {
        db.jdbi().useHandle(h -> {
            if (findAsset(h, sensor.assetId()).isEmpty()) {
                throw new StoreException("sensor " + sensor.id() + " names asset '" + sensor.assetId()
                        + "', which does not exist: add the asset first");
            }
            h.createUpdate("""
                            INSERT INTO sensor (sensor_id, asset_id, name, unit, sampling_period_ms, normal_low, normal_high,
                                warning_low, warning_high, critical_low, critical_high, created_at)
                            VALUES (:id, :asset, :name, :unit, :period, :nl, :nh, :wl, :wh, :cl, :ch, :now)
                            ON CONFLICT (sensor_id) DO UPDATE SET asset_id = excluded.asset_id, name = excluded.name,
                                unit = excluded.unit, sampling_period_ms = excluded.sampling_period_ms,
                                normal_low = excluded.normal_low, normal_high = excluded.normal_high,
                                warning_low = excluded.warning_low, warning_high = excluded.warning_high,
                                critical_low = excluded.critical_low, critical_high = excluded.critical_high""")
                    .bind("id", sensor.id())
                    .bind("asset", sensor.assetId())
                    .bind("name", sensor.name())
                    .bind("unit", sensor.unit())
                    .bind("period", sensor.samplingPeriod().toMillis())
                    .bind("nl", orNull(sensor.normalRange().low()))
                    .bind("nh", orNull(sensor.normalRange().high()))
                    .bind("wl", orNull(sensor.warning().low()))
                    .bind("wh", orNull(sensor.warning().high()))
                    .bind("cl", orNull(sensor.critical().low()))
                    .bind("ch", orNull(sensor.critical().high()))
                    .bind("now", System.currentTimeMillis())
                    .execute();
        });
    }

    public Optional<Asset> findAsset(String id) {
        return db.jdbi().withHandle(h -> findAsset(h, id));
    }

    private static Optional<Asset> findAsset(Handle h, String id) {
        return h.createQuery("SELECT * FROM asset WHERE asset_id = :id").bind("id", id)
                .map((rs, ctx) -> asset(rs)).findOne();
    }

    public List<Asset> assets() {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM asset ORDER BY asset_id")
                .map((rs, ctx) -> asset(rs)).list());
    }

    public Optional<Sensor> findSensor(String id) {
        return db.jdbi().withHandle(h -> h.createQuery("SELECT * FROM sensor WHERE sensor_id = :id").bind("id", id)
                .map((rs, ctx) -> sensor(rs)).findOne());
    }

    /** The sensor, or a StoreException that says it is unknown. */
    public Sensor requireSensor(String id) {
        return findSensor(id).orElseThrow(() -> new StoreException("unknown sensor '" + id + "'"));
    }

    /** Every sensor, or those of one asset when {@code assetId} is not null. */
    public List<Sensor> sensors(String assetId) {
        return db.jdbi().withHandle(h -> h.createQuery(assetId == null
                        ? "SELECT * FROM sensor ORDER BY sensor_id"
                        : "SELECT * FROM sensor WHERE asset_id = :asset ORDER BY sensor_id")
                .bind("asset", assetId)
                .map((rs, ctx) -> sensor(rs)).list());
    }

    private static Asset asset(ResultSet rs) throws SQLException {
        return new Asset(rs.getString("asset_id"), rs.getString("name"), rs.getString("asset_type"),
                rs.getString("location"), rs.getInt("criticality"));
    }

    private static Sensor sensor(ResultSet rs) throws SQLException {
        return new Sensor(rs.getString("sensor_id"), rs.getString("asset_id"), rs.getString("name"), rs.getString("unit"),
                Duration.ofMillis(rs.getLong("sampling_period_ms")),
                new Limits(nullable(rs, "normal_low"), nullable(rs, "normal_high")),
                new Limits(nullable(rs, "warning_low"), nullable(rs, "warning_high")),
                new Limits(nullable(rs, "critical_low"), nullable(rs, "critical_high")));
    }

    private static double nullable(ResultSet rs, String column) throws SQLException {
        double v = rs.getDouble(column);
        return rs.wasNull() ? Double.NaN : v;
    }

    private static Double orNull(double v) {
        return Double.isNaN(v) ? null : v;
    }
}
