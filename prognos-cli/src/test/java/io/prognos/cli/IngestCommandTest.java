package io.prognos.cli;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** Registering equipment and ingesting a user's CSV through the command line, with bad input refused whole. */
class IngestCommandTest {

    @TempDir
    Path tmp;

    private String dataDir;

    @BeforeEach
    void registerAPump() {
        dataDir = tmp.resolve("data").toString();
        CliRun asset = CliRun.of("assets", "add", "pump-1", "--type", "pump", "--criticality", "4", "--data-dir", dataDir);
        assertThat(asset.exitCode()).as(asset.err()).isZero();
        CliRun sensor = CliRun.of("sensors", "add", "pump-1.temp", "--asset", "pump-1", "--unit", "degC", "--period", "PT1M",
                "--warning", ":70", "--critical", ":80", "--data-dir", dataDir);
        assertThat(sensor.exitCode()).as(sensor.err()).isZero();
    }

    private Path csv(String name, int rows, long start, long step) throws Exception {
        StringBuilder text = new StringBuilder("timestamp,temp\n");
        for (int i = 0; i < rows; i++) {
            text.append(start + i * step).append(',').append(40 + Math.sin(i)).append('\n');
        }
        Path file = tmp.resolve(name);
        Files.writeString(file, text);
        return file;
    }

    private String sensors() {
        return CliRun.of("sensors", "--data-dir", dataDir).out();
    }

    @Test
    void epochSecondsDeclaredAsMillisecondsAreRefusedThenStoredWithTheRightUnit() throws Exception {
        Path seconds = csv("seconds.csv", 50, 1_700_000_000L, 60);

        CliRun wrong = CliRun.of("ingest", seconds.toString(), "--sensor", "pump-1.temp", "--epoch-unit", "milliseconds",
                "--data-dir", dataDir);
        assertThat(wrong.exitCode()).isNotZero();
        assertThat(wrong.err()).contains("seconds.csv").contains("median 60 ms apart").contains("--epoch-unit seconds")
                .contains("nothing was stored");
        assertThat(sensors()).containsPattern("pump-1.temp .* 0\\n");

        CliRun right = CliRun.of("ingest", seconds.toString(), "--sensor", "pump-1.temp", "--data-dir", dataDir);
        assertThat(right.exitCode()).as(right.err()).isZero();
        assertThat(right.out()).contains("50 readings stored");
        assertThat(sensors()).containsPattern("pump-1.temp .* 50\\n");
    }

    @Test
    void aBadFileIsRefusedWholeWithItsLineAndEarlierImportsStay() throws Exception {
        Path good = csv("good.csv", 30, 1_700_000_000_000L, 60_000);
        assertThat(CliRun.of("ingest", good.toString(), "--sensor", "pump-1.temp", "--data-dir", dataDir).exitCode()).isZero();

        Path duplicate = tmp.resolve("duplicate.csv");
        Files.writeString(duplicate, "timestamp,temp\n1700000000000,1\n1700000060000,2\n1700000060000,3\n");
        CliRun dup = CliRun.of("ingest", duplicate.toString(), "--sensor", "pump-1.temp", "--data-dir", dataDir);
        assertThat(dup.exitCode()).isNotZero();
        assertThat(dup.err()).contains("duplicate.csv:4:").contains("not after the previous one");

        Path malformed = tmp.resolve("malformed.csv");
        Files.writeString(malformed, "timestamp,temp\n1800000000000,1\n1800000060000,warm\n");
        CliRun bad = CliRun.of("ingest", malformed.toString(), "--sensor", "pump-1.temp", "--data-dir", dataDir);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("malformed.csv:3:");

        CliRun unknown = CliRun.of("ingest", good.toString(), "--sensor", "pump-9.temp", "--data-dir", dataDir);
        assertThat(unknown.exitCode()).isNotZero();
        assertThat(unknown.err()).contains("unknown sensor 'pump-9.temp'");

        assertThat(sensors()).containsPattern("pump-1.temp .* 30\\n");
        CliRun again = CliRun.of("ingest", good.toString(), "--sensor", "pump-1.temp", "--data-dir", dataDir);
        assertThat(again.out()).contains("0 readings stored, 30 already present");
    }

    @Test
    void aConfigurationFileWithAnUnknownKeyIsNamedWithItsLine() throws Exception {
        Path config = tmp.resolve("prognos.yaml");
        Files.writeString(config, "store:\n  data_dir: " + dataDir + "\ntraining:\n  gap_polcy: split\n");

        CliRun run = CliRun.of("sensors", "--config", config.toString());

        assertThat(run.exitCode()).isNotZero();
        assertThat(run.err()).contains("prognos.yaml line 4").contains("unknown key 'gap_polcy'");
    }

    @Test
    void theConfigurationFileSuppliesTheDataDirectory() throws Exception {
        Path config = tmp.resolve("prognos.yaml");
        Files.writeString(config, "store:\n  data_dir: " + dataDir + "\n");

        CliRun run = CliRun.of("sensors", "--config", config.toString());

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("pump-1.temp");
    }

    @Test
    void aRefusedTrainCallIsNotSavedForResume() {
        CliRun bad = CliRun.of("train", "pump-1.temp", "--kind", "forcaster", "--data-dir", dataDir);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--kind must be detector or forecaster");
        assertThat(tmp.resolve("data").resolve("last-train.json")).doesNotExist();
        CliRun resume = CliRun.of("train", "--resume", "--data-dir", dataDir);
        assertThat(resume.err()).contains("nothing to resume");
    }
}
