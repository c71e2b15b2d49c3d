package io.prognos.cli;

import io.prognos.core.sim.InjectedAnomalySeries;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class DetectCommandTest {

    @TempDir
    Path dir;

    private Path writeCsv(InjectedAnomalySeries.Generated series, int blankAtLine) throws IOException {
        List<String> lines = new ArrayList<>();
        lines.add("timestamp,temperature");
        Instant start = Instant.parse("2026-01-01T00:00:00Z");
        for (int i = 0; i < series.values().length; i++) {
            String value = lines.size() + 1 == blankAtLine ? "" : String.valueOf(series.values()[i]);
            lines.add(start.plusSeconds(60L * i) + "," + value);
        }
        Path file = dir.resolve("sensor.csv");
        Files.write(file, lines);
        return file;
    }

    @Test
    void findsTheInjectedFaultsInACsvAndPrintsTheirTimes() throws IOException {
        InjectedAnomalySeries.Generated series = InjectedAnomalySeries.generate(3);
        Path csv = writeCsv(series, -1);
        double fraction = (series.trainLength() - 100) / (double) series.values().length;
        CliRun run = CliRun.of("detect", "--input", csv.toString(), "--train-fraction", String.valueOf(fraction));
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("monitoring 'temperature'");
        assertThat(run.out()).contains("4 anomalous sequence(s)");
        // the level shift starts at sample 8000 = 2026-01-06T13:20:00Z; its detection starts within the buffer
        assertThat(run.out()).containsPattern("2026-01-06T1[23]:\\d\\d:00Z");
        assertThat(run.out()).contains("CRITICAL");
    }

    @Test
    void namesTheFileLineAndColumnOfAMissingValue() throws IOException {
        Path csv = writeCsv(InjectedAnomalySeries.generate(3), 7);
        CliRun run = CliRun.of("detect", "--input", csv.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("sensor.csv: line 7, column 'temperature' is missing or NaN");
    }

    @Test
    void reportsAMissingFileAndAnUnknownColumn() throws IOException {
        CliRun missing = CliRun.of("detect", "--input", dir.resolve("nope.csv").toString());
        assertThat(missing.exitCode()).isEqualTo(2);
        assertThat(missing.err()).contains("input file not found").contains("nope.csv");

        Path csv = writeCsv(InjectedAnomalySeries.generate(3), -1);
        CliRun unknown = CliRun.of("detect", "--input", csv.toString(), "--column", "pressure");
        assertThat(unknown.exitCode()).isEqualTo(2);
        assertThat(unknown.err()).contains("no column 'pressure'");
    }

    @Test
    void explainsWhenTheTrainingPartIsTooShortForTheWindow() throws IOException {
        Path csv = dir.resolve("short.csv");
        List<String> lines = new ArrayList<>(List.of("value"));
        for (int i = 0; i < 300; i++) {
            lines.add(String.valueOf(Math.sin(i)));
        }
        Files.write(csv, lines);
        CliRun run = CliRun.of("detect", "--input", csv.toString());
        assertThat(run.exitCode()).isEqualTo(2);
        assertThat(run.err()).contains("training part has 150 rows").contains("--window");
    }
}
