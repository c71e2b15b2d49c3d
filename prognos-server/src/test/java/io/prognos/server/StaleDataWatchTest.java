package io.prognos.server;

import io.prognos.store.Dialect;
import io.prognos.store.TelemetryPoint;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class StaleDataWatchTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    @Test
    void aSensorThatStopsReportingIsStaleUntilItReportsAgain() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withScoring(Duration.ofSeconds(1), Duration.ofMillis(300));
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            s.server.ingest().ingest(List.of(new TelemetryPoint("P1-TEMP", T0, 1.0)), "test");
            long arrived = System.currentTimeMillis();
            assertThat(s.server.staleWatch().check(arrived)).isEmpty();
            assertThat(s.server.staleWatch().check(arrived + 1_000)).containsExactly("P1-TEMP");
            // P1-FLOW never reported live, so it is not judged
            MqttIngestTest.await(() -> staleOverApi(s));
            assertThat(s.server.metrics().scrape()).contains("prognos_sensors_stale 1.0");
            s.server.ingest().ingest(List.of(new TelemetryPoint("P1-TEMP", T0 + 60_000, 1.0)), "test");
            assertThat(s.server.staleWatch().check(System.currentTimeMillis())).isEmpty();
        }
    }

    private static boolean staleOverApi(TestServer s) {
        try {
            return TestServer.json(s.get("/api/v1/sensors/P1-TEMP", s.viewer)).get("stale").asBoolean();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
