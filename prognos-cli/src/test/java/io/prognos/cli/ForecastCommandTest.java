package io.prognos.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Random;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code prognos forecast --input} on generated CSV files with known behaviour. */
class ForecastCommandTest {

    @TempDir
    Path tmp;

    private static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

    /** A bearing temperature rising 60 degC over 3,150 rows of 10 minutes, with a daily swing: 80 degC at row 3,150. */
    private Path degradation(int rows, boolean gap) throws Exception {
        Random random = new Random(3);
        StringBuilder csv = new StringBuilder("timestamp,temperature\n");
        for (int t = 0; t < rows; t++) {
            if (gap && t == 500) {
                continue;
            }
            double value = 20 + 60.0 / 3_150 * t + 0.5 * Math.sin(2 * Math.PI * t / 144) + 0.1 * random.nextGaussian();
            csv.append(START.plusSeconds(600L * t)).append(',').append(value).append('\n');
        }
        Path file = tmp.resolve(gap ? "gap.csv" : "temperature.csv");
        Files.writeString(file, csv);
        return file;
    }

    @Test
    void forecastsContinueFromTheLastTimestampAndFindTheLimitCrossing() throws Exception {
        Path file = degradation(3_000, false);

        CliRun run = CliRun.of("forecast", "--input", file.toString(), "--horizon", "300", "--every", "100",
                "--critical-high", "80", "--warning-high", "200");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("3000 readings every PT10M, last at " + START.plusSeconds(600L * 2_999));
        assertThat(run.out()).contains(START.plusSeconds(600L * 3_099).toString()); // step 100
        assertThat(run.out()).contains("held-out accuracy").contains("in-sample accuracy");
        assertThat(run.out()).containsPattern("critical-high 80.0: (9\\d|100) % chance to reach it within 300 steps; "
                + "median first crossing 2026-01-2[12]T");
        assertThat(run.out()).contains("warning-high 200.0: none of 601 calibrated error paths (from overlapping "
                + "validation windows) reaches it within 300 steps");
    }

    @Test
    void aGapInTheFileIsRefusedWithWhereItIs() throws Exception {
        Path file = degradation(1_000, true);

        CliRun run = CliRun.of("forecast", "--input", file.toString(), "--horizon", "10");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("gap.csv").contains("a gap of 1 missing readings between row 499")
                .contains(START.plusSeconds(600L * 499).toString());
    }

    @Test
    void tooShortAFileSaysHowMuchIsNeeded() throws Exception {
        Path file = degradation(100, false);

        CliRun run = CliRun.of("forecast", "--input", file.toString(), "--horizon", "50");

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("too few to forecast 50 steps");
    }

    @Test
    void aStoredSensorIsForecastWithItsProductionForecasterAndItsOwnLimits() throws Exception {
        String dataDir = tmp.resolve("data").toString();
        assertThat(CliRun.of("assets", "add", "pump-1", "--data-dir", dataDir).exitCode()).isZero();
        assertThat(CliRun.of("sensors", "add", "pump-1.bearing", "--asset", "pump-1", "--unit", "degC", "--period", "PT10M",
                "--warning", ":75", "--critical", ":80", "--data-dir", dataDir).exitCode()).isZero();
        Path file = degradation(3_000, false);
        assertThat(CliRun.of("ingest", file.toString(), "--sensor", "pump-1.bearing", "--data-dir", dataDir).exitCode())
                .isZero();

        CliRun train = CliRun.of("train", "pump-1.bearing", "--kind", "forecaster", "--horizon", "300", "--data-dir", dataDir);
        assertThat(train.exitCode()).as(train.out() + train.err()).isZero();
        assertThat(train.out()).contains("PROMOTED");
        CliRun pooled = CliRun.of("train", "pump-1.bearing", "--kind", "forecaster", "--horizon", "300", "--asset-inputs",
                "--data-dir", dataDir);
        assertThat(pooled.out() + pooled.err()).contains("fitted also on their assets' other sensors")
                .contains("no other sensor of asset pump-1");
        CliRun run = CliRun.of("forecast", "pump-1.bearing", "--horizon", "250", "--data-dir", dataDir);

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("from " + START.plusSeconds(600L * 2_999)).contains("test_coverage_90");
        assertThat(run.out()).containsPattern("critical-high 80.0: (9\\d|100) % chance to reach it within 250 steps");
        assertThat(run.out()).containsPattern("warning-high 75.0: (9\\d|100) % chance");
        CliRun tooFar = CliRun.of("forecast", "pump-1.bearing", "--horizon", "400", "--data-dir", dataDir);
        assertThat(tooFar.err()).contains("forecasts up to 300 steps");
    }
}
