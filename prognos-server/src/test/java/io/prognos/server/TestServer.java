package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.asset.Asset;
import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.AssetRepository;
import io.prognos.store.Database;
import io.prognos.store.Dialect;
import io.prognos.store.TestStores;
import io.prognos.store.TokenRepository;
import io.prognos.store.TokenRole;
import io.prognos.store.ArtifactStore;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;

/** A real server on free ports over a fresh store, with one token per role, for tests. */
final class TestServer implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    final PipelineContext context;
    final PrognosServer server;
    final String viewer;
    final String operator;
    final String admin;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private TestServer(PipelineContext context, PrognosServer server) {
        this.context = context;
        this.server = server;
        TokenRepository tokens = new TokenRepository(context.db());
        this.viewer = tokens.issue("test-viewer", TokenRole.VIEWER).secret();
        this.operator = tokens.issue("test-operator", TokenRole.OPERATOR).secret();
        this.admin = tokens.issue("test-admin", TokenRole.ADMIN).secret();
    }

    /** A server with MQTT off (HTTP only). */
    static TestServer start(Dialect dialect, Path tempDir) {
        return start(dialect, tempDir, ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt());
    }

    static TestServer start(Dialect dialect, Path tempDir, ServerSettings settings) {
        Database db = TestStores.open(dialect, tempDir);
        PipelineContext context = new PipelineContext(db, new ArtifactStore(tempDir.resolve("artifacts")), "test");
        AssetRepository assets = new AssetRepository(db);
        assets.save(new Asset("PUMP-1", "Pump 1", "pump", "hall", 4));
        assets.save(new Sensor("P1-TEMP", "PUMP-1", "Temperature", "degC", Duration.ofMinutes(1), null,
                new Limits(Double.NaN, 80), new Limits(Double.NaN, 90)));
        assets.save(new Sensor("P1-FLOW", "PUMP-1", "Flow", "m3/h", Duration.ofMinutes(1), null, null, null));
        return new TestServer(context, PrognosServer.start(context, settings));
    }

    String url(String path) {
        return server.httpUrl() + path;
    }

    HttpResponse<String> get(String path, String token) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30)).GET();
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> post(String path, String token, String body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url(path))).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
        if (token != null) {
            b.header("Authorization", "Bearer " + token);
        }
        return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    HttpResponse<String> delete(String path, String token) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create(url(path))).header("Authorization", "Bearer " + token)
                .DELETE().build(), HttpResponse.BodyHandlers.ofString());
    }

    static JsonNode json(HttpResponse<String> r) throws IOException {
        return JSON.readTree(r.body());
    }

    @Override
    public void close() {
        server.close();
    }
}
