package io.prognos.cli.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.cli.CliRun;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** {@code bench nab} on a generated two-file NAB layout. */
class BenchNabCommandTest {

    private static final DateTimeFormatter TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final LocalDateTime START = LocalDateTime.of(2015, 3, 1, 0, 0);

    @TempDir
    Path tmp;

    /** 1,000 rows every 5 minutes: noise, with a level jump from row {@code jump} when it is >= 0. */
    private static String csv(long seed, int jump) {
        Random r = new Random(seed);
        StringBuilder s = new StringBuilder("timestamp,value\n");
        for (int i = 0; i < 1_000; i++) {
            double v = 10 + r.nextGaussian() + (jump >= 0 && i >= jump && i < jump + 40 ? 12 : 0);
            s.append(START.plusMinutes(5L * i).format(TIME)).append(',').append(v).append('\n');
        }
        return s.toString();
    }

    private static String stamp(int row) {
        return START.plusMinutes(5L * row).format(TIME) + ".000000";
    }

    private void writeLayout() throws Exception {
        Files.createDirectories(tmp.resolve("data/realKnownCause"));
        Files.createDirectories(tmp.resolve("data/artificialNoAnomaly"));
        Files.createDirectories(tmp.resolve("labels"));
        Files.createDirectories(tmp.resolve("config"));
        Files.createDirectories(tmp.resolve("results"));
        Files.writeString(tmp.resolve("data/realKnownCause/jump.csv"), csv(1, 600));
        Files.writeString(tmp.resolve("data/artificialNoAnomaly/noise.csv"), csv(2, -1));
        Files.writeString(tmp.resolve("labels/combined_windows.json"), "{\n"
                + "  \"artificialNoAnomaly/noise.csv\": [],\n"
                + "  \"realKnownCause/jump.csv\": [[\"" + stamp(550) + "\", \"" + stamp(649) + "\"], [\""
                + stamp(850) + "\", \"" + stamp(899) + "\"]]\n}\n");
        Files.writeString(tmp.resolve("config/profiles.json"), "{\n"
                + "\"standard\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}},\n"
                + "\"reward_low_FP_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 1.0, \"fpWeight\": 0.22, \"tnWeight\": 1.0}},\n"
                + "\"reward_low_FN_rate\": {\"CostMatrix\": {\"tpWeight\": 1.0, \"fnWeight\": 2.0, \"fpWeight\": 0.11, \"tnWeight\": 1.0}}\n}\n");
        Files.writeString(tmp.resolve("results/final_results.json"),
                "{\"numenta\": {\"standard\": 70.1, \"reward_low_FP_rate\": 63.1, \"reward_low_FN_rate\": 74.3}}");
    }

    @Test
    void scoresDetectorsAndWritesRecomputableJson() throws Exception {
        writeLayout();
        Path out = tmp.resolve("out/nab.json");
        CliRun r = CliRun.of("bench", "nab", "--data", tmp.toString(), "--detector",
                "null,perfect,windowed-gaussian,surprise-likelihood", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("prognos surprise-likelihood").contains("numenta").contains("70.10");

        JsonNode root = new ObjectMapper().readTree(out.toFile());
        List<String> profiles = List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate");
        assertThat(root.get("scores").size()).isEqualTo(3);
        Set<String> stamps = new HashSet<>(List.of(csv(1, 600).split("\n")).stream().map(l -> l.split(",")[0]).toList());
        for (JsonNode d : root.get("detectors")) {
            String name = d.get("name").asText();
            for (String p : profiles) {
                double score = d.get("scores").get(p).asDouble();
                double raw = d.get("raw_scores").get(p).asDouble();
                double nul = d.get("null_raw_scores").get(p).asDouble();
                double perfect = d.get("perfect_raw_scores").get(p).asDouble();
                double fn = p.equals("reward_low_FN_rate") ? 2.0 : 1.0;
                // two windows: null = -2 A_FN, perfect = 2 A_TP, and the normalisation between them
                assertThat(nul).isEqualTo(-2 * fn);
                assertThat(perfect).isCloseTo(2.0, within(1e-12));
                assertThat(score).isCloseTo(100 * (raw - nul) / (perfect - nul), within(1e-9));
                assertThat(d.get("thresholds").get(p).isNumber()).isTrue();
                JsonNode det = d.get("detections").get(p);
                assertThat(det.has("realKnownCause/jump.csv")).isTrue();
                assertThat(det.has("artificialNoAnomaly/noise.csv")).isTrue();
                for (JsonNode t : det.get("realKnownCause/jump.csv")) {
                    assertThat(stamps).contains(t.asText());
                }
                if (name.equals("null")) {
                    assertThat(score).isEqualTo(0.0);
                    assertThat(det.get("realKnownCause/jump.csv")).isEmpty();
                }
                if (name.equals("perfect")) {
                    assertThat(score).isCloseTo(100.0, within(1e-9));
                    assertThat(det.get("realKnownCause/jump.csv").get(0).asText()).isEqualTo(stamp(550).substring(0, 19));
                }
            }
        }
        // the top level is the best streaming detector, with the required keys
        assertThat(root.get("detector").asText()).isIn("windowed-gaussian", "surprise-likelihood");
        assertThat(root.get("thresholds").size()).isEqualTo(3);
        assertThat(root.get("detections").get("standard").has("realKnownCause/jump.csv")).isTrue();
        // the 40-row jump inside the first window is found by the better detector
        JsonNode surprise = root.get("detectors").get(3);
        assertThat(surprise.get("name").asText()).isEqualTo("surprise-likelihood");
        assertThat(surprise.get("scores").get("standard").asDouble()).isGreaterThan(0.0);
    }

    @Test
    void knnCadRunsByNameAndFindsTheJump() throws Exception {
        writeLayout();
        Path out = tmp.resolve("out/knn-cad.json");
        CliRun r = CliRun.of("bench", "nab", "--data", tmp.toString(), "--detector", "knn-cad", "--out", out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        assertThat(r.out()).contains("prognos knn-cad");
        JsonNode cad = new ObjectMapper().readTree(out.toFile()).get("detectors").get(0);
        assertThat(cad.get("name").asText()).isEqualTo("knn-cad");
        // the jump at row 600 lies in the first window: some detection there beats flagging nothing
        assertThat(cad.get("scores").get("standard").asDouble()).isGreaterThan(0.0);
        assertThat(cad.get("detections").get("standard").get("realKnownCause/jump.csv").toString())
                .contains(START.plusMinutes(5L * 600).format(TIME).substring(0, 13));
    }

    /**
     * On the real corpus when it is present (beside the checkout at {@code ../shared/data/nab}, or where
     * {@code PROGNOS_NAB_DATA} points): the references and NAB's own Windowed Gaussian figure.
     */
    @Test
    void realCorpusReferencesAndWindowedGaussianNearItsPublishedScore() throws Exception {
        String configured = System.getenv("PROGNOS_NAB_DATA");
        // surefire runs in the module directory: the checkout's parent holds shared/
        Path nab = configured != null ? Path.of(configured) : Path.of("..", "..", "shared", "data", "nab").toAbsolutePath()
                .normalize();
        Assumptions.assumeTrue(Files.isRegularFile(nab.resolve("labels/combined_windows.json")), "NAB data not present at "
                + nab + " (set PROGNOS_NAB_DATA): skipped");
        Path out = tmp.resolve("real.json");
        CliRun r = CliRun.of("bench", "nab", "--data", nab.toString(), "--detector", "null,perfect,windowed-gaussian", "--out",
                out.toString());
        assertThat(r.exitCode()).as(r.err()).isZero();
        JsonNode detectors = new ObjectMapper().readTree(out.toFile()).get("detectors");
        for (String p : List.of("standard", "reward_low_FP_rate", "reward_low_FN_rate")) {
            assertThat(detectors.get(0).get("scores").get(p).asDouble()).isEqualTo(0.0);
            assertThat(detectors.get(1).get("scores").get(p).asDouble()).isCloseTo(100.0, within(1e-9));
            // 116 windows: the perfect detector earns A_TP = 1 on each
            assertThat(detectors.get(1).get("perfect_raw_scores").get(p).asDouble()).isCloseTo(116.0, within(1e-9));
        }
        // NAB publishes 39.65 / 20.87 / 47.41 for its Windowed Gaussian; ours is a rewrite of the same idea
        JsonNode wg = detectors.get(2).get("scores");
        assertThat(wg.get("standard").asDouble()).isCloseTo(39.65, within(3.0));
        assertThat(wg.get("reward_low_FN_rate").asDouble()).isCloseTo(47.41, within(3.0));
        assertThat(wg.get("reward_low_FP_rate").asDouble()).isCloseTo(20.87, within(5.0));
    }

    @Test
    void malformedInputNamesFileAndLine() throws Exception {
        writeLayout();
        Files.writeString(tmp.resolve("data/realKnownCause/jump.csv"),
                "timestamp,value\n2015-03-01 00:00:00,1\n2015-03-01 00:05:00,abc\n");
        CliRun r = CliRun.of("bench", "nab", "--data", tmp.toString(), "--detector", "null");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("jump.csv line 3").contains("abc");

        writeLayout();
        Files.writeString(tmp.resolve("labels/combined_windows.json"), "{\n  \"realKnownCause/jump.csv\": [\n  [\"x\"\n}");
        r = CliRun.of("bench", "nab", "--data", tmp.toString(), "--detector", "null");
        assertThat(r.exitCode()).isNotZero();
        assertThat(r.err()).contains("combined_windows.json line 4");
    }
}
