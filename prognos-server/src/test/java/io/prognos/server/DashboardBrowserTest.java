package io.prognos.server;

import io.prognos.core.detect.predict.TrainingListener;
import io.prognos.core.sim.FleetSimulator;
import io.prognos.pipeline.ForecasterChoice;
import io.prognos.pipeline.SensorForecaster;
import io.prognos.pipeline.SensorTrainer;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.AnomalyRepository;
import io.prognos.store.Dialect;
import io.prognos.store.TelemetryPoint;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.logging.LogEntry;
import org.openqa.selenium.logging.LogType;
import org.openqa.selenium.support.ui.ExpectedConditions;
import org.openqa.selenium.support.ui.WebDriverWait;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The dashboard in Debian's headless Chromium against a real server: login, fleet overview, a sensor page
 * with its charts, an anomaly page with its why; no console errors. Screenshots go to
 * {@code target/screenshots}. Skipped without /usr/bin/chromium and /usr/bin/chromedriver unless
 * PROGNOS_REQUIRE_SERVICES=1 ({@code .ci/run} installs both).
 */
class DashboardBrowserTest {

    private static final long T0 = 1_767_225_600_000L;

    @TempDir
    Path temp;

    private WebDriver driver;

    @BeforeEach
    void startBrowser() throws Exception {
        driver = HeadlessChromium.start(temp);
    }

    @AfterEach
    void stopBrowser() {
        if (driver != null) {
            driver.quit();
        }
    }

    @Test
    void pagesLoadWithChartsAndNoConsoleErrors() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withScoring(Duration.ofHours(1), null);
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            FleetSimulator sim = new FleetSimulator(7, T0, 4 * 1440);
            SimulatedFleet.register(s.context.db(), sim);
            SimulatedFleet.ingestUntil(s.context.db(), sim, sim.liveStartMillis());
            String sensor = "PUMP-101-VIBRATION";
            assertThat(new SensorTrainer(s.context).train(sensor, TrainingOptions.defaults(), TrainingListener.NONE).status())
                    .isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
            assertThat(new SensorForecaster(s.context).train(sensor, 120, ForecasterChoice.of("ridge"),
                    TrainingOptions.defaults()).status()).isEqualTo(SensorTrainer.Outcome.Status.PROMOTED);
            long until = sim.faults().get(0).endMillis() + Duration.ofMinutes(120).toMillis();
            while (sim.nextTimestampMillis() < until) {
                List<TelemetryPoint> batch = new ArrayList<>();
                sim.next().forEach(r -> batch.add(new TelemetryPoint(r.sensorId(), r.timestampMillis(), r.value())));
                s.server.ingest().ingest(batch, "test");
                s.server.scoring().scorePending();
            }
            long anomalyId = new AnomalyRepository(s.context.db()).list(sensor).get(0).anomalyId();

            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            driver.get(s.url("/"));
            wait.until(ExpectedConditions.urlContains("/login"));
            driver.findElement(By.name("token")).sendKeys("wrong");
            driver.findElement(By.cssSelector("form.login button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "not valid"));
            // the refused login answers 401, which the browser logs; that one is expected
            assertThat(driver.manage().logs().get(LogType.BROWSER).getAll())
                    .allSatisfy(e -> assertThat(e.getMessage()).contains("/login").contains("401"));
            driver.findElement(By.name("token")).sendKeys(s.viewer);
            driver.findElement(By.cssSelector("form.login button")).click();
            // the simulated fleet's three assets and the test store's PUMP-1
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector(".tile"), 4));
            assertThat(driver.findElement(By.id("anomalies")).getText()).contains(sensor);
            screenshot("overview");

            driver.get(s.url("/sensors/" + sensor));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#telemetry .uplot canvas")));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#forecast .uplot canvas")));
            assertThat(driver.findElement(By.id("forecast-summary")).getText()).contains("limit");
            screenshot("sensor");

            driver.get(s.url("/anomalies/" + anomalyId));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.cssSelector("#why .uplot canvas")));
            wait.until(ExpectedConditions.numberOfElementsToBe(By.cssSelector("#related tr"), 4));
            screenshot("anomaly");

            // a viewer sees no confirm/reject form
            assertThat(driver.findElements(By.id("feedback"))).isEmpty();

            driver.get(s.url("/anomalies"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("anomalies")));
            driver.get(s.url("/risk"));
            // the vibration sensor's limits are ranked; its forecaster's input still holds the spikes' anomaly
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("risk")));
            assertThat(driver.findElement(By.id("risk")).getText()).contains(sensor);
            driver.get(s.url("/models"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("models")));
            assertThat(driver.findElement(By.id("models")).getText()).contains(sensor).contains("detector")
                    .contains("forecaster").contains("Production").contains("validation_mse");
            driver.get(s.url("/alerts"));
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.tagName("main"), "Alerts"));

            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(severe).as("browser console errors").isEmpty();

            driver.get(s.url("/logout"));
            driver.get(s.url("/"));
            wait.until(ExpectedConditions.urlContains("/login"));

            // an operator confirms the anomaly, and the overview's KPIs follow
            driver.findElement(By.name("token")).sendKeys(s.operator);
            driver.findElement(By.cssSelector("form.login button")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("kpis")));
            assertThat(driver.findElement(By.id("kpi-confirmed")).getText()).isEqualTo("0");
            driver.get(s.url("/anomalies/" + anomalyId));
            driver.findElement(By.name("note")).sendKeys("spikes seen on site");
            driver.findElement(By.id("confirm")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("verdict"), "confirmed by test-operator"));
            driver.get(s.url("/"));
            assertThat(driver.findElement(By.id("kpi-confirmed")).getText()).isEqualTo("1");
            assertThat(driver.findElement(By.id("kpi-precision")).getText()).isEqualTo("100 %");

            // the anomaly list filters by review state and severity, through its form
            driver.get(s.url("/anomalies"));
            new org.openqa.selenium.support.ui.Select(driver.findElement(By.cssSelector("#anomaly-filter select[name=review]")))
                    .selectByValue("confirmed");
            driver.findElement(By.id("filter")).click();
            wait.until(ExpectedConditions.urlContains("review=confirmed"));
            assertThat(driver.findElements(By.cssSelector("#anomalies tr[data-anomaly]"))).singleElement()
                    .satisfies(row -> assertThat(row.findElement(By.className("review")).getText())
                            .isEqualTo("confirmed by test-operator"));
            screenshot("anomalies");
            driver.get(s.url("/anomalies?review=rejected"));
            assertThat(driver.findElement(By.id("no-anomalies")).getText()).isEqualTo("No anomaly matches.");
            driver.get(s.url("/anomalies?sensor=" + sensor + "&severity=low&from=2000-01-01"));
            assertThat(driver.findElements(By.cssSelector("#anomalies tr[data-anomaly]"))).isNotEmpty();
            assertThat(s.get("/anomalies?severity=extreme", s.viewer).body()).contains("severity must be one of");
            assertThat(s.get("/anomalies?from=2026-02-30", s.viewer).statusCode()).isEqualTo(400);
            assertThat(s.get("/anomalies?from=2026-02-02&to=2026-02-01", s.viewer).body()).contains("is before from");

            // a work order goes from the anomaly to done
            driver.get(s.url("/anomalies/" + anomalyId));
            driver.findElement(By.name("assignee")).sendKeys("ana");
            driver.findElement(By.id("create-work-order")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("work-orders")));
            assertThat(driver.findElement(By.cssSelector("#work-orders tr[data-id] .status")).getText()).isEqualTo("open");
            driver.findElement(By.cssSelector("#work-orders .to-in_progress")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#work-orders tr[data-id] .status"),
                    "in_progress"));
            driver.findElement(By.cssSelector("#work-orders .to-done")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.cssSelector("#work-orders tr[data-id] .status"),
                    "done"));
            assertThat(driver.findElements(By.cssSelector("#work-orders button"))).as("done is final").isEmpty();
            assertThat(new io.prognos.store.WorkOrderRepository(s.context.db()).list("done")).singleElement()
                    .satisfies(w -> assertThat(w.assignee()).isEqualTo("ana"));
        }
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(driver, name);
    }
}
