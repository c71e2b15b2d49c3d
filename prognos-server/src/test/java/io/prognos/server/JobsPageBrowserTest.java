package io.prognos.server;

import io.prognos.core.sim.FleetSimulator;
import io.prognos.server.sim.SimulatedFleet;
import io.prognos.store.Dialect;
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

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.logging.Level;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The training-jobs page in Debian's headless Chromium against a real server: it loads without console
 * errors, an operator starts a job for every sensor from the form, and the table shows the job's progress
 * moving and then its success, all without the page reloading (htmx polls the table while a job is active,
 * and stops after). Skipped without /usr/bin/chromium and /usr/bin/chromedriver unless
 * PROGNOS_REQUIRE_SERVICES=1.
 */
class JobsPageBrowserTest {

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
    void aJobStartedFromThePageShowsProgressAndSucceedsWithoutReloading() throws Exception {
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withScoring(Duration.ofHours(1), null);
        try (TestServer s = TestServer.start(Dialect.SQLITE, temp, settings)) {
            // three weeks of history, so that training the fleet takes several of the page's one-second polls
            FleetSimulator sim = new FleetSimulator(7, T0, 21 * 1440);
            SimulatedFleet.register(s.context.db(), sim);
            SimulatedFleet.ingestUntil(s.context.db(), sim, sim.liveStartMillis());

            WebDriverWait wait = new WebDriverWait(driver, Duration.ofSeconds(20));
            HeadlessChromium.logIn(driver, s, s.viewer);
            driver.get(s.url("/jobs"));
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("no-jobs")));
            assertThat(driver.findElements(By.id("start-job"))).as("a viewer gets no form").isEmpty();
            driver.get(s.url("/logout"));

            HeadlessChromium.logIn(driver, s, s.operator);
            driver.findElement(By.linkText("Jobs")).click();
            wait.until(ExpectedConditions.presenceOfElementLocated(By.id("start-job")));
            ((JavascriptExecutor) driver).executeScript("window.prognosSamePage = 'yes';");
            new Select(driver.findElement(By.id("job-kind"))).selectByValue("detector");
            new Select(driver.findElement(By.id("job-target"))).selectByValue("all");
            driver.findElement(By.id("start-job-button")).click();
            wait.until(ExpectedConditions.textToBePresentInElementLocated(By.id("job-message"), "queued"));
            assertThat(driver.findElement(By.id("job-message")).getText()).contains("Job 1 queued").contains("all sensors");

            // the table follows the job by itself: record what it shows until the job ends
            Set<String> progress = new LinkedHashSet<>();
            String state = "";
            long deadline = System.nanoTime() + Duration.ofMinutes(3).toNanos();
            while (System.nanoTime() < deadline) {
                List<WebElement> rows = driver.findElements(By.cssSelector("#jobs-table tr[data-job='1']"));
                if (!rows.isEmpty()) {
                    try {
                        state = rows.get(0).findElement(By.cssSelector(".state")).getText();
                        progress.add(rows.get(0).findElement(By.tagName("progress")).getAttribute("value") + " "
                                + rows.get(0).findElement(By.cssSelector(".progress-text")).getText());
                    } catch (org.openqa.selenium.StaleElementReferenceException swapped) {
                        continue; // htmx replaced the table while we read it
                    }
                    if (state.equals("succeeded") || state.equals("failed") || state.equals("cancelled")) {
                        break;
                    }
                    if (progress.size() == 3) {
                        screenshot("jobs-running");
                    }
                }
                Thread.sleep(100);
            }
            assertThat(state).as("final state; progress seen: " + progress).isEqualTo("succeeded");
            // the page polls every second and the job takes a few: at least one state between start and end shows
            // (which pipeline step it catches is chance; TrainingJobsApiTest checks that the steps reach the job)
            assertThat(progress).as("distinct progress shown while it ran").hasSizeGreaterThanOrEqualTo(3);
            assertThat(progress).last().asString().startsWith("1000 14 of 14 sensors");
            screenshot("jobs-done");

            assertThat(((JavascriptExecutor) driver).executeScript("return window.prognosSamePage;"))
                    .as("the page was never reloaded").isEqualTo("yes");
            assertThat(driver.getCurrentUrl()).endsWith("/jobs");
            WebElement row = driver.findElement(By.cssSelector("#jobs-table tr[data-job='1']"));
            assertThat(row.findElement(By.cssSelector("li[data-sensor='PUMP-101-VIBRATION']")).getText())
                    .contains("promoted").contains("v1 Production");
            // the test store's own pump has sensors without readings: they fail, with the reason, and the rest train
            assertThat(row.findElement(By.cssSelector("li[data-sensor='P1-FLOW']")).getText()).contains("failed");
            assertThat(row.findElements(By.cssSelector(".cancel-job"))).as("a finished job cannot be cancelled").isEmpty();
            assertThat(driver.findElement(By.id("jobs")).getAttribute("data-live")).as("polling stopped").isEqualTo("false");

            List<LogEntry> severe = driver.manage().logs().get(LogType.BROWSER).getAll().stream()
                    .filter(e -> e.getLevel().intValue() >= Level.SEVERE.intValue()).toList();
            assertThat(severe).as("browser console errors").isEmpty();
        }
    }

    private void screenshot(String name) throws Exception {
        HeadlessChromium.screenshot(driver, name);
    }
}
