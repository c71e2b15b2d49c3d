package io.prognos.cli.server;

import io.prognos.cli.UserInputException;
import io.prognos.pipeline.PrognosConfig;
import io.prognos.server.ServerSettings;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The online detection settings of {@code serve}: options over {@code prognos.yaml} over the defaults, checked at startup. */
class OnlineDetectionOptionsTest {

    @TempDir
    Path temp;

    private static ServerSettings settings(PrognosConfig.Server config, String... args) {
        ServerOptions options = new ServerOptions();
        new CommandLine(options).parseArgs(args);
        return options.settings(new PrintStream(new ByteArrayOutputStream()), true, config);
    }

    @Test
    void offByDefaultFromTheFileAndTheEnvironmentAndOptionsWin() throws Exception {
        ServerSettings none = settings(null, "--port", "0", "--no-mqtt");
        assertThat(none.onlineDetection()).isFalse();
        assertThat(none.onlineAlarmLevel()).isEqualTo(0.999);
        assertThat(none.onlineWarmup()).isEqualTo(10_080);

        Path file = temp.resolve("prognos.yaml");
        Files.writeString(file, "server:\n  online_detector: knn-cad\n  online_alarm_level: 0.999\n  online_warmup: 5000\n");
        PrognosConfig config = PrognosConfig.load(file, true, Map.of());
        ServerSettings fromFile = settings(config.server(), "--port", "0", "--no-mqtt");
        assertThat(fromFile.onlineDetector()).isEqualTo("knn-cad");
        assertThat(fromFile.onlineAlarmLevel()).isEqualTo(0.999);
        assertThat(fromFile.onlineWarmup()).isEqualTo(5000);

        PrognosConfig env = PrognosConfig.load(file, true, Map.of("PROGNOS_SERVER_ONLINE_DETECTOR", "windowed-gaussian"));
        assertThat(settings(env.server(), "--port", "0", "--no-mqtt").onlineDetector()).isEqualTo("windowed-gaussian");
        ServerSettings option = settings(config.server(), "--port", "0", "--no-mqtt", "--online-detector", "none",
                "--online-warmup", "100");
        assertThat(option.onlineDetection()).isFalse();
        assertThat(option.onlineWarmup()).isEqualTo(100);
    }

    @Test
    void anUnknownDetectorStopsTheStartWithTheSettingNamed() throws Exception {
        assertThatThrownBy(() -> settings(null, "--port", "0", "--no-mqtt", "--online-detector", "knn-cat"))
                .isInstanceOf(UserInputException.class)
                .hasMessageContaining("server.online_detector 'knn-cat' is not a streaming detector")
                .hasMessageContaining("knn-cad");
        Path file = temp.resolve("bad.yaml");
        Files.writeString(file, "server:\n  online_detector: lstm\n");
        PrognosConfig config = PrognosConfig.load(file, true, Map.of());
        assertThatThrownBy(() -> settings(config.server(), "--port", "0", "--no-mqtt"))
                .isInstanceOf(UserInputException.class).hasMessageContaining("server.online_detector 'lstm'");
        assertThatThrownBy(() -> settings(null, "--port", "0", "--no-mqtt", "--online-detector", "knn-cad",
                "--online-alarm-level", "0")).isInstanceOf(UserInputException.class)
                .hasMessageContaining("server.online_alarm_level");
    }
}
