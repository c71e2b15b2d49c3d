package io.prognos.server.alert;

import io.prognos.pipeline.PrognosConfig;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** SMTP settings from prognos.yaml and PROGNOS_SERVER_SMTP_*: defaults, errors naming the key, a hidden password. */
class SmtpSettingsTest {

    @TempDir
    Path temp;

    private SmtpSettings load(String yaml, Map<String, String> env) throws Exception {
        Path file = temp.resolve("prognos.yaml");
        Files.writeString(file, yaml);
        return SmtpSettings.fromConfig(PrognosConfig.load(file, true, env).server());
    }

    @Test
    void readsTheServerSectionWithThePasswordFromTheEnvironment() throws Exception {
        SmtpSettings smtp = load("server:\n  smtp_host: smtp.plant.test\n  smtp_from: prognos@plant.test\n"
                + "  smtp_username: prognos\n", Map.of("PROGNOS_SERVER_SMTP_PASSWORD", "s3cret-pw"));
        assertThat(smtp.host()).isEqualTo("smtp.plant.test");
        assertThat(smtp.port()).isEqualTo(587);
        assertThat(smtp.security()).isEqualTo(SmtpSettings.Security.STARTTLS);
        assertThat(smtp.timeout()).isEqualTo(Duration.ofSeconds(10));
        assertThat(smtp.password()).isEqualTo("s3cret-pw");
        assertThat(smtp.toString()).contains("password=***").doesNotContain("s3cret-pw");
        PrognosConfig config = PrognosConfig.load(temp.resolve("prognos.yaml"), true,
                Map.of("PROGNOS_SERVER_SMTP_PASSWORD", "s3cret-pw"));
        assertThat(config.server().toString()).doesNotContain("s3cret-pw");
        assertThat(config.source()).doesNotContain("s3cret-pw");

        SmtpSettings plain = load("server:\n  smtp_host: relay.plant.test\n  smtp_from: p@plant.test\n  smtp_security: plain\n"
                + "  smtp_timeout: PT3S\n", Map.of("PROGNOS_SERVER_SMTP_PORT", "2525"));
        assertThat(plain.port()).isEqualTo(2525);
        assertThat(plain.security()).isEqualTo(SmtpSettings.Security.PLAIN);
        assertThat(plain.timeout()).isEqualTo(Duration.ofSeconds(3));
        assertThat(plain.username()).isNull();
        assertThat(load("server:\n  port: 8080\n", Map.of())).as("no smtp_* key: e-mail alerts off").isNull();
    }

    @Test
    void errorsNameTheKey() {
        String base = "server:\n  smtp_host: smtp.plant.test\n  smtp_from: prognos@plant.test\n";
        assertThatThrownBy(() -> load(base + "  smtp_port: 0\n", Map.of())).hasMessageContaining("server.smtp_port");
        assertThatThrownBy(() -> load(base + "  smtp_security: ssl\n", Map.of()))
                .hasMessageContaining("server.smtp_security must be starttls or plain");
        assertThatThrownBy(() -> load(base + "  smtp_timeout: 10s\n", Map.of())).hasMessageContaining("server.smtp_timeout");
        assertThatThrownBy(() -> load(base + "  smtp_username: prognos\n", Map.of()))
                .hasMessageContaining("server.smtp_password is not");
        assertThatThrownBy(() -> load(base, Map.of("PROGNOS_SERVER_SMTP_PASSWORD", "s3cret-pw")))
                .hasMessageContaining("server.smtp_username is not").hasMessageNotContaining("s3cret-pw");
        assertThatThrownBy(() -> load("server:\n  smtp_from: prognos@plant.test\n", Map.of()))
                .hasMessageContaining("server.smtp_host is not set");
        assertThatThrownBy(() -> load("server:\n  smtp_host: smtp.plant.test\n", Map.of()))
                .hasMessageContaining("server.smtp_from is not set");
        assertThatThrownBy(() -> load("server:\n  smtp_host: smtp.plant.test\n  smtp_from: nobody\n", Map.of()))
                .hasMessageContaining("server.smtp_from must be a sender address");
        assertThatThrownBy(() -> load("server:\n  smtp_host: smtp plant\n  smtp_from: p@plant.test\n", Map.of()))
                .hasMessageContaining("server.smtp_host must be a host name");
        assertThatThrownBy(() -> load(base, Map.of("PROGNOS_SERVER_SMTP_PORT", "twenty-five")))
                .hasMessageContaining("PROGNOS_SERVER_SMTP_PORT");
    }
}
