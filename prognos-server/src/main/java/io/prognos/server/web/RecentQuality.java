package io.prognos.server.web;

import io.prognos.core.asset.Sensor;
import io.prognos.core.quality.DataQualityChecker;
import io.prognos.core.quality.QualityCheck;
import io.prognos.core.quality.QualityReport;
import io.prognos.store.Database;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TelemetrySeries;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.OptionalLong;

/**
 * Data-quality reports over each sensor's recent telemetry, for the dashboard. The work is bounded so a
 * page stays fast with months of data: the window ends at the sensor's newest reading and spans at most
 * {@link #WINDOW}, shortened to {@link #MAX_POINTS} sampling periods for fast sensors. The points are
 * checked as stored, never downsampled, because thinning would hide the very gaps, repeats and spikes
 * the checks look for.
 */
final class RecentQuality {

    /** The longest look-back. */
    static final Duration WINDOW = Duration.ofDays(7);
    /** Sampling periods the window holds at most, which bounds the points read per sensor. */
    static final int MAX_POINTS = 20_000;

    private final TelemetryRepository telemetry;
    private final DataQualityChecker checker = new DataQualityChecker();

    RecentQuality(Database db) {
        this.telemetry = new TelemetryRepository(db);
    }

    /**
     * A sensor's report over its window; {@code report} is null when the sensor has no telemetry.
     *
     * @param fromMillis the oldest reading checked
     * @param toMillis   the newest reading (inclusive)
     */
    record SensorQuality(Sensor sensor, QualityReport report, long fromMillis, long toMillis) {
    }

    SensorQuality of(Sensor sensor) {
        OptionalLong newest = telemetry.newestTimestamp(sensor.id());
        if (newest.isEmpty()) {
            return new SensorQuality(sensor, null, 0, 0);
        }
        long from = newest.getAsLong() - window(sensor).toMillis();
        TelemetrySeries series = telemetry.read(sensor.id(), from, newest.getAsLong() + 1);
        QualityReport report = checker.check(sensor.id(), series.timestamps(), series.values(),
                sensor.samplingPeriod().toMillis(), sensor.warning(), sensor.critical());
        // the window as covered: from the oldest reading read, which is later than "from" for a young sensor
        return new SensorQuality(sensor, report, series.size() == 0 ? from : series.timestamps()[0], newest.getAsLong());
    }

    /** The look-back for a sensor: seven days, or fewer when that would hold more than MAX_POINTS periods. */
    static Duration window(Sensor sensor) {
        Duration bounded = sensor.samplingPeriod().multipliedBy(MAX_POINTS);
        return bounded.compareTo(WINDOW) < 0 ? bounded : WINDOW;
    }

    /**
     * Sensors worst first: by overall level, then by how many checks sit at that level, then by the
     * largest share of samples affected among them, then by sensor id; sensors without telemetry last.
     */
    static List<SensorQuality> worstFirst(List<SensorQuality> reports) {
        List<SensorQuality> sorted = new ArrayList<>(reports);
        sorted.sort(Comparator.comparing((SensorQuality q) -> q.report() == null)
                .thenComparing(q -> q.report() == null ? 0 : -q.report().level().ordinal())
                .thenComparing(q -> q.report() == null ? 0 : -atWorstLevel(q.report()).size())
                .thenComparing(q -> q.report() == null ? 0 : -atWorstLevel(q.report()).stream()
                        .mapToDouble(QualityCheck::share).max().orElse(0))
                .thenComparing(q -> q.sensor().id()));
        return sorted;
    }

    private static List<QualityCheck> atWorstLevel(QualityReport r) {
        return r.checks().stream().filter(c -> c.level() == r.level()).toList();
    }
}
