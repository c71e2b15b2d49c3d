package io.prognos.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code prognos quality --impute} and {@code prognos train --imputation}. */
class ImputationCommandsTest {

    private static final int DAY = 288; // 5-minute sampling

    @TempDir
    Path tmp;

    private String dataDir;

    /** Five days of a daily cycle with a 6-point gap (imputable) and a 30-point gap (too long for 10). */
    @BeforeEach
    void storeAGappySensor() throws Exception {
        dataDir = tmp.resolve("data").toString();
        assertThat(CliRun.of("assets", "add", "oven-1", "--type", "oven", "--data-dir", dataDir).exitCode()).isZero();
        CliRun sensor = CliRun.of("sensors", "add", "oven-1.temp", "--asset", "oven-1", "--unit", "degC", "--period",
                "PT5M", "--data-dir", dataDir);
        assertThat(sensor.exitCode()).as(sensor.err()).isZero();
        StringBuilder csv = new StringBuilder("timestamp,temp\n");
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < DAY * 5; i++) {
            boolean gap = (i >= 700 && i < 706) || (i >= 1000 && i < 1030);
            if (!gap) {
                csv.append(t0 + i * 300_000L).append(',')
                        .append(50 + 10 * Math.sin(2 * Math.PI * i / DAY) + 4 * Math.sin(2 * Math.PI * i / 24.0))
                        .append('\n');
            }
        }
        Path file = tmp.resolve("oven.csv");
        Files.writeString(file, csv);
        CliRun ingest = CliRun.of("ingest", file.toString(), "--sensor", "oven-1.temp", "--data-dir", dataDir);
        assertThat(ingest.exitCode()).as(ingest.err()).isZero();
    }

    @Test
    void qualityWithImputeShowsWhatSeasonalImputationWouldDo() {
        CliRun plain = CliRun.of("quality", "oven-1.temp", "--data-dir", dataDir);
        assertThat(plain.exitCode()).as(plain.err()).isZero();
        assertThat(plain.out()).contains("oven-1.temp: 1,404 samples").doesNotContain("imputation")
                .doesNotContain("imputed points");

        CliRun run = CliRun.of("quality", "oven-1.temp", "--impute", "seasonal", "--data-dir", dataDir);
        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("imputation seasonal (period 288), gaps up to 10 sampling periods, on 1,440 grid points")
                .contains("6 points would be imputed; 1 gap longer than 10 periods leave 30 points missing; 0 points "
                        + "in shorter gaps have nothing to impute from")
                .contains("oven-1.temp (imputed): 1,440 grid points")
                .containsPattern("imputed points +GOOD +6 of 1440 points imputed \\(seasonal, gaps up to 10\\)")
                .containsPattern("missing values +\\w+ +30 of 1440 values missing");

        CliRun knn = CliRun.of("quality", "oven-1.temp", "--impute", "knn", "--knn-k", "2", "--max-gap", "40",
                "--data-dir", dataDir);
        assertThat(knn.exitCode()).as(knn.err()).isZero();
        assertThat(knn.out()).contains("imputation knn (k 2, context 12), gaps up to 40")
                .contains("36 points would be imputed; 0 gaps longer than 40 periods");
    }

    @Test
    void badImputationSettingsAreRefusedNamingTheOption() {
        CliRun unknown = CliRun.of("quality", "oven-1.temp", "--impute", "cubic", "--data-dir", dataDir);
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("--impute 'cubic' is not one of linear, seasonal, knn");
        CliRun unused = CliRun.of("quality", "oven-1.temp", "--impute", "linear", "--period", "96", "--data-dir", dataDir);
        assertThat(unused.err()).contains("--period is only used by --impute seasonal");
        CliRun alone = CliRun.of("quality", "oven-1.temp", "--knn-k", "3", "--data-dir", dataDir);
        assertThat(alone.err()).contains("need --impute");
        CliRun gap = CliRun.of("quality", "oven-1.temp", "--impute", "knn", "--max-gap", "0", "--data-dir", dataDir);
        assertThat(gap.err()).contains("--max-gap must be >= 1");

        CliRun train = CliRun.of("train", "oven-1.temp", "--imputation", "cubic", "--data-dir", dataDir);
        assertThat(train.exitCode()).isNotZero();
        assertThat(train.err()).contains("--imputation 'cubic' is not one of linear, seasonal, knn");
        CliRun k = CliRun.of("train", "oven-1.temp", "--imputation", "knn", "--knn-k", "0", "--data-dir", dataDir);
        assertThat(k.err()).contains("--knn-k must be >= 1");
        CliRun forecaster = CliRun.of("train", "oven-1.temp", "--kind", "forecaster", "--imputation", "seasonal",
                "--data-dir", dataDir);
        assertThat(forecaster.err()).contains("--imputation and its settings apply to detectors");
        assertThat(tmp.resolve("data").resolve("last-train.json")).as("refused calls are not saved for --resume")
                .doesNotExist();
    }

    @Test
    void trainWithSeasonalImputationSaysSoAndRecordsIt() {
        CliRun run = CliRun.of("train", "oven-1.temp", "--imputation", "seasonal", "--max-gap", "40",
                "--data-dir", dataDir);
        assertThat(run.exitCode()).as(run.out() + run.err()).isZero();
        assertThat(run.out()).contains("gap policy interpolate, max gap 40, imputation seasonal (period one day)")
                .contains("PROMOTED");
    }
}
