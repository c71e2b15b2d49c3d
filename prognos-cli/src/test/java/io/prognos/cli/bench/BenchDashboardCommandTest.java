package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.cli.PrognosCommand;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code bench dashboard} on two days of the simulated fleet: every page answers and is reported. */
class BenchDashboardCommandTest {

    @TempDir
    Path tmp;

    @Test
    void everyPageIsRequestedAndReportedWithItsTimes() throws Exception {
        Path json = tmp.resolve("dashboard.json");
        PrintStream original = System.out;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        StringWriter err = new StringWriter();
        int exit;
        try {
            System.setOut(new PrintStream(out, true, StandardCharsets.UTF_8));
            CommandLine cli = PrognosCommand.newCommandLine();
            cli.setErr(new PrintWriter(err, true));
            exit = cli.execute("bench", "dashboard", "--days", "2", "--requests", "2", "--out", json.toString());
        } finally {
            System.setOut(original);
        }
        String printed = out.toString(StandardCharsets.UTF_8);
        // the exit code says whether the targets were met, which depends on the machine; the report is what is tested
        assertThat(exit).as(err.toString()).isIn(0, 1);
        assertThat(printed).contains("stored 34,560 readings (12 sensors, 2 days at one a minute)")
                .contains("telemetry, all 2 days (chart data)").contains("model monitoring").contains("trained a ridge forecaster for PUMP-101-VIBRATION").containsPattern("(met|NOT met): every page's p99 within 1 s");
        JsonNode report = new ObjectMapper().readTree(json.toFile());
        assertThat(report.get("readings").asLong()).isEqualTo(34_560);
        assertThat(report.get("anomalies").asInt()).isEqualTo(12);
        assertThat(report.get("pages")).hasSize(16).allSatisfy(page -> {
            assertThat(page.get("bytes").asInt()).isPositive();
            assertThat(page.get("p50_s").asDouble()).isPositive().isLessThanOrEqualTo(page.get("p99_s").asDouble());
        });
        assertThat(exit == 0).isEqualTo(printed.contains("met: every") && !printed.contains("NOT met"));

        assertThat(PrognosCommand.newCommandLine().execute("bench", "dashboard", "--days", "0")).isEqualTo(2);
    }
}
