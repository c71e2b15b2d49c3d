package io.prognos.cli.store;

import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Sensor;
import io.prognos.server.ingest.EmbeddedBroker;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.TelemetryRepository;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code kill -9} of {@code prognos serve} during HTTP ingest loses no acknowledged point. */
class ServeCrashTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    @Test
    void acknowledgedPointsSurviveKillMinus9AndTheServerRestarts() throws Exception {
        Path dataDir = temp.resolve("data");
        Database db = Database.open(dataDir.resolve("prognos.db").toString());
        new AssetRepository(db).save(new Asset("A", "A", "pump", "x", 3));
        new AssetRepository(db).save(new Sensor("S", "A", "s", "u", Duration.ofSeconds(1), null, null, null));
        String token = new TokenRepository(db).issue("writer", TokenRole.OPERATOR).secret();
        int port = EmbeddedBroker.freePort("127.0.0.1");
        ChildCli child = ChildCli.start("serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--no-mqtt");
        child.awaitLine(l -> l.startsWith("Prognos server on"), 60);
        HttpClient http = HttpClient.newHttpClient();
        AtomicLong acknowledged = new AtomicLong();
        Thread writer = new Thread(() -> {
            for (int batch = 0; ; batch++) {
                StringBuilder body = new StringBuilder("{\"points\": [");
                for (int i = 0; i < 500; i++) {
                    long ts = T0 + 1000L * (batch * 500L + i);
                    body.append(i == 0 ? "" : ",").append("{\"sensor\":\"S\",\"ts\":").append(ts).append(",\"value\":")
                            .append(i).append('}');
                }
                try {
                    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                                    + "/api/v1/telemetry")).header("Authorization", "Bearer " + token)
                            .POST(HttpRequest.BodyPublishers.ofString(body.append("]}").toString())).build(),
                            HttpResponse.BodyHandlers.ofString());
                    if (r.statusCode() != 200) {
                        return;
                    }
                    acknowledged.set((batch + 1) * 500L);
                } catch (Exception e) {
                    return;
                }
            }
        });
        writer.start();
        while (acknowledged.get() < 20_000) {
            Thread.sleep(10);
        }
        child.kill();
        writer.join(10_000);
        long acked = acknowledged.get();
        TelemetryRepository telemetry = new TelemetryRepository(db);
        long stored = telemetry.count("S");
        assertThat(stored).isGreaterThanOrEqualTo(acked);
        assertThat(stored % 500).as("batches are stored whole").isZero();
        assertThat(telemetry.read("S", T0, T0 + 1000L * acked).timestamps()).hasSize((int) acked);

        // the server comes back on the same store and goes on appending
        ChildCli again = ChildCli.start("serve", "--data-dir", dataDir.toString(), "--port", Integer.toString(port),
                "--no-mqtt");
        try {
            again.awaitLine(l -> l.startsWith("Prognos server on"), 60);
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port
                            + "/api/v1/telemetry")).header("Authorization", "Bearer " + token)
                    .POST(HttpRequest.BodyPublishers.ofString("{\"points\":[{\"sensor\":\"S\",\"ts\":" + (T0 + 1000L * stored)
                            + ",\"value\":1}]}")).build(), HttpResponse.BodyHandlers.ofString());
            assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
            assertThat(telemetry.count("S")).isEqualTo(stored + 1);
        } finally {
            again.kill();
        }
    }
}
