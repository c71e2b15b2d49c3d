package io.prognos.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/** {@link TelemetryRepository#readLast}: the newest readings before a time, in time order. */
class TelemetryReadLastTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void readsTheNewestReadingsBeforeATimeInTimeOrder(Dialect dialect) {
        Database db = TestStores.open(dialect, temp);
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("A", "A", "pump", "x", 3));
        assets.save(new Sensor("S", "A", "s", "u", Duration.ofMinutes(1), null, null, null));
        assets.save(new Sensor("T", "A", "t", "u", Duration.ofMinutes(1), null, null, null));
        TelemetryRepository telemetry = new TelemetryRepository(db);
        long[] ts = new long[10];
        double[] values = new double[10];
        for (int i = 0; i < 10; i++) {
            ts[i] = i * 60_000L;
            values[i] = i == 7 ? Double.NaN : i;
        }
        telemetry.ingest("S", ts, values);
        telemetry.ingest("T", new long[]{5 * 60_000L}, new double[]{99});

        TelemetrySeries last = telemetry.readLast("S", 9 * 60_000L, 4);
        assertThat(last.timestamps()).containsExactly(5 * 60_000L, 6 * 60_000L, 7 * 60_000L, 8 * 60_000L);
        assertThat(last.values()[0]).isEqualTo(5);
        assertThat(last.values()[2]).as("a reading without a value").isNaN();
        assertThat(last.values()[3]).isEqualTo(8);
        assertThat(telemetry.readLast("S", Long.MAX_VALUE, 100).size()).as("fewer stored than asked").isEqualTo(10);
        assertThat(telemetry.readLast("S", 0, 100).size()).isZero();
        assertThat(telemetry.readLast("S", Long.MAX_VALUE, 0).size()).isZero();
    }
}
