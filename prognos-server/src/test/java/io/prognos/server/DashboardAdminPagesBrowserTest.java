package io.prognos.server;

import io.prognos.core.sim.FleetSimulator;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.Dialect;
import io.prognos.store.ModelRegistry;
import io.prognos.store.ModelVersion;
import io.prognos.store.NewModelVersion;
import io.prognos.store.Run;
import io.prognos.store.RunTracker;
import io.prognos.store.Stage;
import io.prognos.store.TelemetryPoint;
import io.prognos.store.TokenRepository;
import io.prognos.store.WorkOrderRepository;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.Select;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The system, data-quality, experiments, schedule and model-promotion pages in headless Chromium against
 * a real server over a seeded store (simulated telemetry, tracked runs, registry versions, work orders):
 * every page loads without console errors, the run and compare views draw their uPlot charts, a viewer
 * (or operator) gets no token or promotion forms and a forged POST is refused, and an admin issues and
 * revokes a token and promotes and archives versions through the pages. Screenshots of /system and a
 * compare view go to {@code target/screenshots}. Skipped without Chromium, as DashboardBrowserTest is.
 */
class DashboardAdminPagesBrowserTest {

    private static final long T0 = 1_767_225_600_000L;
    private static final String SENSOR = "PUMP-101-VIBRATION";

    @TempDir
    Path temp;

    private WebDriver driver;
    private WebDriverWait wait;

    @BeforeEach
    void startBrowser() throws Exception {
        driver = HeadlessChromium.start(temp);
        wait = new WebDriverWait(driver, Duration.ofSeconds(20));
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    /** What the seeded store holds, for the assertions. */
    private record Seed(List<Run> runs, List<ModelVersion> versions) {
    }

    private TestServer start() {
        return TestServer.start(Dialect.SQLITE, temp, ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withScoring(Duration.ofHours(1), null));
    }

    private static Seed seed(TestServer s) {
        FleetSimulator sim = new FleetSimulator(7, T0, 2 * 1440);
        SimulatedFleet.register(s.context.db(), sim);
        SimulatedFleet.ingestUntil(s.context.db(), sim, sim.liveStartMillis());
        // ten minutes of readings through the ingest service, which the system page's meters count
        for (int i = 0; i < 10; i++) {
            List<TelemetryPoint> batch = new ArrayList<>();
            sim.next().forEach(r -> batch.add(new TelemetryPoint(r.sensorId(), r.timestampMillis(), r.value())));
            s.server.ingest().ingest(batch, "test");
        }
        RunTracker tracker = new RunTracker(s.context.db(), "test");
        Run a = run(tracker, "detector:" + SENSOR, 0.001, 20, 1.0);
        Run b = run(tracker, "detector:" + SENSOR, 0.01, 30, 0.7);
        Run failed = tracker.start("forecaster:" + SENSOR, null, Map.of("horizon", 120), null);
        tracker.fail(failed.runId(), "out of <memory>");
        ModelRegistry registry = s.context.registry();
        ModelVersion v1 = registry.register(version(a.runId(), Map.of("validation_mse", 0.2)));
        registry.transition(v1.versionId(), Stage.PRODUCTION, "test", "seed");
        ModelVersion v2 = registry.register(version(b.runId(), Map.of("validation_mse", 0.1)));
        ModelVersion v3 = registry.register(version(null, Map.of()));
        WorkOrderRepository orders = new WorkOrderRepository(s.context.db());
        long now = System.currentTimeMillis();
        orders.create("Replace <seal>", "PUMP-1", "P1-TEMP", null, null, "ana", "high", now + Duration.ofDays(2).toMillis(), "t");
        orders.create("Overdue inspection", "PUMP-1", null, null, null, null, "medium", now - Duration.ofDays(3).toMillis(), "t");
        orders.create("Someday clean-up", "PUMP-1", null, null, null, null, "low", null, "t");
        return new Seed(List.of(a, b, failed), List.of(v1, v2, v3));
    }

    /** A drift report (a clear shift) and four reviewed anomalies of the Production version, one a false alarm. */
    private static void seedMonitoring(TestServer s, ModelVersion production) {
        java.util.Random random = new java.util.Random(1);
        double[] reference = new double[1000];
        double[] current = new double[1000];
        for (int i = 0; i < 1000; i++) {
            reference[i] = random.nextGaussian();
            current[i] = 3 + random.nextGaussian();
        }
        new io.prognos.store.DriftReportRepository(s.context.db()).save(SENSOR, production.versionId(),
                new io.prognos.store.DriftReportRepository.Window(T0, T0 + 1000 * 60_000L, 1000),
                new io.prognos.store.DriftReportRepository.Window(T0 + 1000 * 60_000L, T0 + 2000 * 60_000L, 1000),
                new io.prognos.core.drift.DriftAnalyzer().analyze(reference, current), System.currentTimeMillis());
        io.prognos.store.AnomalyRepository anomalies = new io.prognos.store.AnomalyRepository(s.context.db());
        List<io.prognos.store.StoredAnomaly> found = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            found.add(new io.prognos.store.StoredAnomaly(0, SENSOR, production.versionId(), T0 + i * 3_600_000L,
                    T0 + i * 3_600_000L + 600_000L, 5 + i, "HIGH", T0));
        }
        anomalies.save(SENSOR, production.versionId(), found);
        io.prognos.store.AnomalyFeedback feedback = new io.prognos.store.AnomalyFeedback(s.context.db());
        for (io.prognos.store.StoredAnomaly a : anomalies.list(SENSOR)) {
            feedback.record(a.anomalyId(), a.score() > 5 ? io.prognos.store.AnomalyFeedback.Verdict.CONFIRMED
                    : io.prognos.store.AnomalyFeedback.Verdict.REJECTED, "viewer-test", null);
        }
    }

    private static Run run(RunTracker tracker, String experiment, double lr, int epochs, double start) {
        Map<String, Object> params = new LinkedHashMap<>();
        params.put("algorithm", "ridge");
        params.put("learning_rate", lr);
        params.put("epochs", epochs);
        Run r = tracker.start(experiment, null, params, null);
        for (int e = 1; e <= epochs; e++) {
            tracker.logStep(r.runId(), "loss", e, start / e);
            tracker.logStep(r.runId(), "val_loss", e, start / e + 0.05);
        }
        return tracker.finish(r.runId(), Map.of("validation_mse", start / epochs, "test_mse", start / epochs + 0.01));
    }

    private static NewModelVersion version(String runId, Map<String, Double> metrics) {
        return new NewModelVersion(SENSOR, "detector", runId, null, null, "ridge", "{}", "test", metrics);
    }

    private void login(TestServer s, String token) {
        HeadlessChromium.logIn(driver, s, token);
    }

    @Test
    void viewerSeesEveryNewPageWithChartsButNoAdminForms() throws Exception {
        try (TestServer s = start()) {
            Seed seed = seed(s);
            login(s, s.viewer);

            driver.get(s.url("/system"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meters")));
            assertThat(driver.findElement(By.id("health")).getText()).isEqualTo("Ready");
            assertThat(driver.findElement(By.id("connections")).getText()).contains("off (HTTP ingestion only)")
                    .contains("SQLITE").contains("test");
            assertThat(driver.findElement(By.id("configuration")).getText()).contains("PT1H").contains("off (no server.smtp_host)");
            assertThat(driver.findElement(By.id("meters")).getText()).contains("points accepted 120")
                    .contains("scoring time per sensor no data");
            assertThat(driver.findElements(By.id("token-admin"))).as("no token admin for a viewer").isEmpty();

            driver.get(s.url("/quality"));
            List<WebElement> rows = driver.findElements(By.cssSelector("#quality tr[data-sensor]"));
            // the simulated fleet's 12 sensors and the test store's two sensors without telemetry, which come last
            assertThat(rows).hasSize(14);
            assertThat(rows.get(12).getText()).contains("no data");
            assertThat(rows.get(13).getText()).contains("no data");
            assertThat(driver.findElement(By.cssSelector("#quality tr[data-sensor] a")).getAttribute("href"))
                    .contains("/sensors/");
            screenshot("quality");

            driver.get(s.url("/experiments"));
            assertThat(driver.findElements(By.cssSelector("#runs tr[data-run]"))).hasSize(3);
            assertThat(driver.findElement(By.id("runs")).getText()).contains("failed");
            new Select(driver.findElement(By.name("experiment"))).selectByValue("forecaster:" + SENSOR);
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#runs tr[data-run]"), 1));
            driver.get(s.url("/experiments?experiment=" + java.net.URLEncoder.encode("detector:" + SENSOR,
                    java.nio.charset.StandardCharsets.UTF_8)));
            assertThat(driver.findElements(By.cssSelector("#runs tr[data-run]"))).hasSize(2);
            driver.findElement(By.id("compare")).click();
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#curves .uplot canvas"), 2));
            assertThat(driver.findElements(By.cssSelector("#param-diff tr.diff")))
                    .extracting(WebElement::getText).as("A and B are the two newest runs, in either order")
                    .containsAnyOf("learning_rate 0.01 0.001", "learning_rate 0.001 0.01")
                    .containsAnyOf("epochs 30 20", "epochs 20 30").hasSize(2);
            assertThat(driver.findElement(By.id("metric-diff")).getText()).contains("validation_mse");
            assertThat(driver.findElements(By.cssSelector("#curves .u-legend .u-series"))).hasSizeGreaterThanOrEqualTo(6);
            screenshot("experiments-compare");

            driver.get(s.url("/experiments/runs/" + seed.runs().get(0).runId()));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#curves .uplot canvas"), 2));
            assertThat(driver.findElement(By.id("parameters")).getText()).contains("learning_rate 0.001");
            screenshot("run");
            assertThat(driver.findElement(By.id("provenance")).getText()).contains("dataset version none recorded")
                    .contains("code version test").contains("environment: java");
            driver.get(s.url("/experiments/runs/" + seed.runs().get(2).runId()));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-curves")));
            assertThat(driver.findElement(By.id("provenance")).getText()).contains("out of <memory>");

            driver.get(s.url("/work-orders/schedule"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("calendar")));
            assertThat(driver.findElements(By.cssSelector("#calendar tr"))).hasSize(5);
            assertThat(driver.findElement(By.id("overdue")).getText()).contains("Overdue inspection");
            assertThat(driver.findElement(By.id("undated")).getText()).contains("Someday clean-up");
            assertThat(driver.findElement(By.id("calendar")).getText()).contains("Replace <seal>");
            assertThat(driver.findElement(By.cssSelector("#calendar a.wo")).getAttribute("href")).endsWith("/work-orders");
            screenshot("schedule");

            driver.get(s.url("/models"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("models")));
            assertThat(driver.findElements(By.cssSelector("form.stage"))).as("no promotion form for a viewer").isEmpty();

            seedMonitoring(s, seed.versions().get(0));
            driver.get(s.url("/monitoring"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#kpi-chart .uplot canvas")));
            assertThat(driver.findElement(By.cssSelector("#drift tr[data-sensor]")).getText()).contains(SENSOR)
                    .contains("CRITICAL").contains("RETRAIN");
            assertThat(driver.findElement(By.id("fleet-kpis")).getText()).contains("TP 3 · FP 1 · FN 0")
                    .contains("precision 75 %");
            assertThat(driver.findElement(By.cssSelector("#detector-kpis tr[data-sensor='" + SENSOR + "']")).getText())
                    .contains("v1").contains("75 %").contains("no labelled validation baseline");
            assertThat(driver.findElement(By.id("forecasts-none")).getText()).contains("No stored forecast");
            screenshot("monitoring");

            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(severe).as("browser console errors").isEmpty();

            // the sensor page's quality section (its forecast call fails without a forecaster, which the browser logs)
            driver.get(s.url("/sensors/" + SENSOR));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("sensor-quality")));
            assertThat(driver.findElement(By.id("sensor-quality")).getText()).contains("sampling gaps")
                    .contains("stuck values");
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#telemetry .uplot canvas")));
            assertThat(driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()))
                    .allSatisfy(e -> assertThat(e.getMessage()).contains("/forecast"));

            // forged POSTs from the viewer's own session are refused
            assertThat(post("/system/tokens", "name=forged&role=admin")).startsWith("403").contains("needs admin");
            assertThat(post("/models/" + seed.versions().get(1).versionId() + "/stage", "stage=Production"))
                    .startsWith("403").contains("needs admin");
            assertThat(new TokenRepository(s.context.db()).list()).noneMatch(t -> t.name().equals("forged"));
            assertThat(s.context.registry().production(SENSOR, "detector")).get()
                    .extracting(ModelVersion::version).isEqualTo(1);

            // an operator, too, sees no token admin and is refused
            HttpResponse<String> page = s.get("/system", s.operator);
            assertThat(page.statusCode()).isEqualTo(200);
            assertThat(page.body()).contains("id=\"meters\"").doesNotContain("token-admin");
            assertThat(s.get("/models", s.operator).body()).doesNotContain("class=\"stage\"");
            assertThat(s.post("/system/tokens", s.operator, "{}").statusCode()).isEqualTo(403);
            assertThat(s.post("/system/tokens/revoke", s.operator, "{}").statusCode()).isEqualTo(403);
            assertThat(s.post("/models/" + seed.versions().get(1).versionId() + "/stage", s.operator, "{}").statusCode())
                    .isEqualTo(403);
        }
    }

    @Test
    void revokingATokenEndsTheDashboardSessionsLoggedInWithIt() throws Exception {
        try (TestServer s = start()) {
            TokenRepository tokens = new TokenRepository(s.context.db());
            TokenRepository.IssuedToken shift = tokens.issue("shift-viewer", io.prognos.store.TokenRole.VIEWER);
            login(s, shift.secret());
            driver.get(s.url("/system"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("meters")));
            assertThat(tokens.revoke("shift-viewer")).isTrue();
            driver.get(s.url("/system"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.name("token")));
            assertThat(driver.getCurrentUrl()).endsWith("/login");
        }
    }

    @Test
    void adminIssuesAndRevokesATokenAndPromotesThroughThePages() throws Exception {
        try (TestServer s = start()) {
            Seed seed = seed(s);
            login(s, s.admin);
            TokenRepository tokens = new TokenRepository(s.context.db());

            driver.get(s.url("/system"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("token-admin")));
            driver.findElement(By.cssSelector("#new-token-form input[name=name]")).sendKeys("ci-bot");
            new Select(driver.findElement(By.cssSelector("#new-token-form select[name=role]"))).selectByValue("viewer");
            driver.findElement(By.id("issue-token")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("new-token")));
            String secret = driver.findElement(By.id("new-token")).getText();
            assertThat(secret).startsWith("pgn_");
            assertThat(tokens.authenticate(secret)).get().extracting(TokenRepository.ApiToken::name).isEqualTo("ci-bot");
            assertThat(driver.findElement(By.cssSelector("tr[data-token='ci-bot']")).getText()).contains("viewer")
                    .contains("live");
            driver.get(s.url("/system"));
            assertThat(driver.findElements(By.id("new-token"))).as("shown once").isEmpty();

            // the same name again is refused with the store's reason
            driver.findElement(By.cssSelector("#new-token-form input[name=name]")).sendKeys("ci-bot");
            driver.findElement(By.id("issue-token")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "exists already"));

            driver.findElement(By.cssSelector("tr[data-token='ci-bot'] .revoke")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("tr[data-token='ci-bot'] .state"),
                    "revoked"));
            assertThat(tokens.authenticate(secret)).isEmpty();
            assertThat(driver.findElements(By.cssSelector("tr[data-token='test-admin'] .revoke")))
                    .as("an admin cannot revoke the session's own token").isEmpty();
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 2000));
            screenshot("system");
            driver.manage().window().setSize(new org.openqa.selenium.Dimension(1280, 1000));

            ModelVersion v2 = seed.versions().get(1);
            ModelVersion v3 = seed.versions().get(2);
            driver.get(s.url("/models"));
            driver.findElement(By.cssSelector("tr[data-version='" + v2.versionId() + "'] .promote")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"),
                    SENSOR + "/detector v2 is now Production; v1 was archived."));
            assertThat(s.context.registry().production(SENSOR, "detector")).get()
                    .extracting(ModelVersion::versionId).isEqualTo(v2.versionId());
            assertThat(s.context.registry().find(seed.versions().get(0).versionId())).get()
                    .extracting(ModelVersion::stage).isEqualTo(Stage.ARCHIVED);
            assertThat(s.context.registry().history(SENSOR, "detector")).last()
                    .satisfies(c -> assertThat(c.actor()).isEqualTo("test-admin"));

            // the registry refuses a version without held-out metrics, and the page says why
            driver.findElement(By.cssSelector("tr[data-version='" + v3.versionId() + "'] .promote")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "Refused by the registry"));
            assertThat(driver.findElement(By.id("flash")).getText()).contains("no held-out validation metrics");
            assertThat(s.context.registry().find(v3.versionId())).get().extracting(ModelVersion::stage)
                    .isEqualTo(Stage.NONE);

            driver.findElement(By.cssSelector("tr[data-version='" + v3.versionId() + "'] .archive")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("flash"), "v3 is now Archived"));
            screenshot("models-admin");

            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(severe).as("browser console errors").isEmpty();
        }
    }

    /** POSTs a form from the page's own session, as a forged request would; "STATUS BODY". */
    private String post(String path, String body) {
        Object answer = ((JavascriptExecutor) driver).executeAsyncScript("""
                const done = arguments[arguments.length - 1];
                fetch(arguments[0], {method: 'POST', credentials: 'same-origin',
                    headers: {'Content-Type': 'application/x-www-form-urlencoded'}, body: arguments[1]})
                  .then(r => r.text().then(t => done(r.status + ' ' + t)), e => done('error ' + e));""", path, body);
        return String.valueOf(answer);
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(driver, name);
    }
}
