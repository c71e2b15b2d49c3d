package io.prognos.cli;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;

import static org.assertj.core.api.Assertions.assertThat;

/** {@code prognos train --threshold}: the detector's alarm level chosen per training, checked and reported. */
class ThresholdTrainTest {

    @TempDir
    Path tmp;

    @Test
    void aDetectorTrainsWithAnExtremeValueThresholdAndBadChoicesAreRefused() throws Exception {
        String dataDir = tmp.resolve("data").toString();
        assertThat(CliRun.of("assets", "add", "fan-1", "--type", "fan", "--data-dir", dataDir).exitCode()).isZero();
        assertThat(CliRun.of("sensors", "add", "fan-1.speed", "--asset", "fan-1", "--unit", "rpm", "--period", "PT1M",
                "--data-dir", dataDir).exitCode()).isZero();
        StringBuilder csv = new StringBuilder("timestamp,speed\n");
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        long t0 = 1_700_000_000_000L;
        for (int i = 0; i < 6000; i++) {
            double spike = i >= 5500 && i < 5510 ? 40 : 0;
            csv.append(t0 + i * 60_000L).append(',').append(900 + 50 * Math.sin(2 * Math.PI * i / 240.0)
                    + 2 * random.nextGaussian() + spike).append('\n');
        }
        Path file = tmp.resolve("fan.csv");
        Files.writeString(file, csv);
        assertThat(CliRun.of("ingest", file.toString(), "--sensor", "fan-1.speed", "--data-dir", dataDir).exitCode()).isZero();

        CliRun bad = CliRun.of("train", "fan-1.speed", "--threshold", "pot", "--data-dir", dataDir);
        assertThat(bad.exitCode()).isNotZero();
        assertThat(bad.err()).contains("--threshold 'pot' is not one of telemanom, spot, dspot, gev");
        CliRun risk = CliRun.of("train", "fan-1.speed", "--threshold-risk", "0.01", "--data-dir", dataDir);
        assertThat(risk.err()).contains("--threshold-risk is only used by the spot, dspot and gev thresholds");
        CliRun forecaster = CliRun.of("train", "fan-1.speed", "--kind", "forecaster", "--threshold", "gev",
                "--data-dir", dataDir);
        assertThat(forecaster.err()).contains("--threshold and --threshold-risk apply to detectors");
        CliRun assetInputs = CliRun.of("train", "fan-1.speed", "--asset-inputs", "--data-dir", dataDir);
        assertThat(assetInputs.err()).contains("--asset-inputs applies to forecasters");

        String until = java.time.Instant.ofEpochMilli(t0 + 5000 * 60_000L).toString();
        CliRun gev = CliRun.of("train", "fan-1.speed", "--threshold", "gev", "--threshold-risk", "0.002", "--until", until,
                "--data-dir", dataDir);
        assertThat(gev.exitCode()).as(gev.out() + gev.err()).isZero();
        assertThat(gev.out()).contains("threshold gev at risk 0.002").contains("PROMOTED");
        // scoring the readings after the training data applies the model's GEV level and finds the spike
        CliRun detect = CliRun.of("detect", "fan-1.speed", "--from", until, "--data-dir", dataDir);
        assertThat(detect.exitCode()).as(detect.out() + detect.err()).isZero();
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\S+Z) \\.\\. (\\S+Z)").matcher(detect.out());
        assertThat(m.find()).as(detect.out()).isTrue();
        long spikeAt = t0 + 5500 * 60_000L;
        assertThat(java.time.Instant.parse(m.group(1)).toEpochMilli()).as(detect.out()).isLessThanOrEqualTo(spikeAt);
        assertThat(java.time.Instant.parse(m.group(2)).toEpochMilli()).as(detect.out()).isGreaterThanOrEqualTo(spikeAt);
        assertThat(detect.out()).contains("1 anomalies");
        CliRun again = CliRun.of("train", "fan-1.speed", "--data-dir", dataDir);
        assertThat(again.exitCode()).as(again.out() + again.err()).isZero();
        assertThat(again.out()).as("the default threshold is another training").doesNotContain("ALREADY_DONE")
                .doesNotContain("threshold gev");
    }
}
