package io.prognos.server;

import com.fasterxml.jackson.databind.JsonNode;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import io.prognos.server.alert.AlertDispatcher;
import io.prognos.server.alert.AlertEngine;
import io.prognos.server.alert.EmailSender;
import io.prognos.server.alert.SmtpSettings;
import io.prognos.server.alert.WebhookSender;
import io.prognos.store.AlertRepository;
import io.prognos.store.AssetRepository;
import io.prognos.store.Dialect;
import io.prognos.store.StoredAnomaly;
import jakarta.mail.Address;
import jakarta.mail.Message;
import jakarta.mail.internet.MimeMessage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** E-mail alert rules against a real SMTP server (GreenMail, in process, on a free port). */
class EmailAlertTest {

    @TempDir
    Path temp;

    private GreenMail mailServer;

    @AfterEach
    void stopMailServer() {
        if (mailServer != null) {
            mailServer.stop();
        }
    }

    private static int freePort() throws Exception {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        }
    }

    private GreenMail startMailServer(int port) {
        mailServer = new GreenMail(new ServerSetup(port, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        mailServer.setUser("prognos@plant.test", "prognos", "s3cret-pw");
        mailServer.start();
        return mailServer;
    }

    private static StoredAnomaly anomaly(long id, String severity) {
        long t = 1_767_225_600_000L;
        return new StoredAnomaly(id, "P1-TEMP", null, t, t + 600_000, 3.5, severity, t);
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void anOpenedAlertOfAnEmailRuleArrivesWithRecipientsSubjectAndDetails(Dialect dialect) throws Exception {
        int port = freePort();
        startMailServer(port);
        SmtpSettings smtp = SmtpSettings.of("127.0.0.1", port, "Prognos <prognos@plant.test>", SmtpSettings.Security.PLAIN)
                .withLogin("prognos", "s3cret-pw");
        ServerSettings settings = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt().withSmtp(smtp)
                .withPublicUrl("https://prognos.plant.test/");
        assertThat(settings.toString()).contains("password=***").doesNotContain("s3cret-pw");
        try (TestServer s = TestServer.start(dialect, temp, settings)) {
            HttpResponse<String> created = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"shift\", \"min_severity\": "
                    + "\"HIGH\", \"channel\": \"email\", \"target\": [\"ops@plant.test\", \"lead@plant.test\"]}");
            assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
            assertThat(TestServer.json(created).get("target").asText()).isEqualTo("ops@plant.test, lead@plant.test");
            // the system page shows the mail server, never its password
            assertThat(s.get("/system", s.admin).body()).contains("127.0.0.1:" + port + " · plain")
                    .contains("login prognos (password not shown)").doesNotContain("s3cret-pw");

            s.server.alerts().onAnomalies(List.of(anomaly(5, "HIGH")), System.currentTimeMillis());
            AlertRepository repo = new AlertRepository(s.context.db());
            long alertId = repo.history(10).get(0).alertId();
            MqttIngestTest.await(() -> !repo.deliveries(alertId).isEmpty());
            assertThat(repo.deliveries(alertId)).containsExactly(
                    "opened #1 ok: mailed to ops@plant.test, lead@plant.test via 127.0.0.1:" + port);
            // one SMTP message for both recipients; GreenMail keeps a copy in each one's mailbox
            assertThat(mailServer.waitForIncomingEmail(20_000, 1)).isTrue();
            assertThat(mailServer.getReceivedMessages()).hasSize(2);

            MimeMessage mail = mailServer.getReceivedMessages()[0];
            assertThat(Arrays.stream(mail.getRecipients(Message.RecipientType.TO)).map(Address::toString))
                    .containsExactly("ops@plant.test", "lead@plant.test");
            assertThat(Arrays.stream(mailServer.getReceivedMessages()).flatMap(m -> {
                try {
                    return Arrays.stream(m.getAllRecipients());
                } catch (jakarta.mail.MessagingException e) {
                    throw new IllegalStateException(e);
                }
            }).map(Address::toString)).contains("ops@plant.test", "lead@plant.test");
            assertThat(mail.getFrom()[0].toString()).isEqualTo("Prognos <prognos@plant.test>");
            assertThat(mail.getSubject()).isEqualTo("[Prognos] Alert opened: HIGH anomaly on P1-TEMP (Temperature), asset "
                    + "PUMP-1 (Pump 1)");
            assertThat(mail.getContentType()).startsWith("text/plain");
            String body = ((String) mail.getContent()).replace("\r\n", "\n");
            assertThat(body)
                    .contains("A new alert was opened by rule 'shift'.")
                    .contains("What happened: anomaly from 2026-01-01T00:00:00Z to 2026-01-01T00:10:00Z, score 3.50 (raw)")
                    .contains("Severity:      HIGH")
                    .contains("Sensor:        P1-TEMP - Temperature, unit degC")
                    .contains("Asset:         PUMP-1 - Pump 1, pump, hall, criticality 4")
                    .contains("Incident:      anomaly:5")
                    .contains("Dashboard:     https://prognos.plant.test/anomalies/5")
                    .contains("All alerts:    https://prognos.plant.test/alerts");
            assertThat(mail.getHeader("Auto-Submitted")).containsExactly("auto-generated");

            JsonNode alerts = TestServer.json(s.get("/api/v1/alerts", s.viewer)).get("items");
            assertThat(alerts.get(0).get("sends").asInt()).isEqualTo(1);
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void aMailServerThatIsDownAtFirstIsRetriedWithBackoffUntilItTakesTheMail(Dialect dialect) throws Exception {
        int port = freePort();   // nothing listens there yet: the first attempt is refused
        try (TestServer s = TestServer.start(dialect, temp)) {
            AlertRepository repo = new AlertRepository(s.context.db());
            repo.addRule(new AlertRepository.Rule(0, "night shift", "MEDIUM", 1, null, null, false, "email",
                    "night@plant.test", 0, 0));
            SmtpSettings smtp = SmtpSettings.of("127.0.0.1", port, "prognos@plant.test", SmtpSettings.Security.PLAIN)
                    .withTimeout(Duration.ofSeconds(5));
            EmailSender email = new EmailSender(repo, new AssetRepository(s.context.db()), smtp, Duration.ofMillis(500),
                    () -> null);
            AlertDispatcher dispatcher = new AlertDispatcher(repo, new WebhookSender(repo, Duration.ofMillis(500)), email);
            List<Boolean> attempts = new java.util.concurrent.CopyOnWriteArrayList<>();
            dispatcher.onAttempt(attempts::add);
            AlertEngine engine = new AlertEngine(s.context.db(), dispatcher, Duration.ofMinutes(10));
            engine.onAnomalies(List.of(anomaly(8, "CRITICAL")), System.currentTimeMillis());
            long alertId = repo.history(10).get(0).alertId();

            MqttIngestTest.await(() -> !repo.deliveries(alertId).isEmpty());
            assertThat(repo.deliveries(alertId).get(0)).startsWith("opened #1 failed: ").contains("127.0.0.1");
            startMailServer(port);
            assertThat(mailServer.waitForIncomingEmail(20_000, 1)).isTrue();
            dispatcher.close();

            List<String> deliveries = repo.deliveries(alertId);
            assertThat(deliveries).hasSizeBetween(2, 4);
            assertThat(deliveries.subList(0, deliveries.size() - 1)).allMatch(d -> d.contains(" failed: "));
            assertThat(deliveries.get(deliveries.size() - 1))
                    .isEqualTo("opened #" + deliveries.size() + " ok: mailed to night@plant.test via 127.0.0.1:" + port);
            assertThat(attempts).hasSize(deliveries.size()).endsWith(true);
            assertThat(repo.find(alertId)).get().extracting(AlertRepository.Alert::sends).isEqualTo(1);
            MimeMessage mail = mailServer.getReceivedMessages()[0];
            assertThat(mail.getSubject()).startsWith("[Prognos] Alert opened: CRITICAL anomaly on P1-TEMP");
            assertThat((String) mail.getContent()).doesNotContain("Dashboard:");
        }
    }

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void emailRulesWithABadAddressOrWithoutAnSmtpServerAreRefused(Dialect dialect) throws Exception {
        try (TestServer s = TestServer.start(dialect, temp)) {   // no SMTP server configured
            HttpResponse<String> noSmtp = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"mail\", \"channel\": "
                    + "\"email\", \"target\": \"ops@plant.test\"}");
            assertThat(noSmtp.statusCode()).isEqualTo(400);
            assertThat(noSmtp.headers().firstValue("Content-Type")).get().asString().startsWith("application/problem+json");
            assertThat(TestServer.json(noSmtp).get("detail").asText()).startsWith("channel: email needs an SMTP server")
                    .contains("server.smtp_host");
            assertThat(s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"hook\", \"channel\": \"dashboard\"}")
                    .statusCode()).isEqualTo(201);

            // a rule from an earlier configuration with SMTP: each notification is a recorded failure, not a silent drop
            AlertRepository repo = new AlertRepository(s.context.db());
            repo.addRule(new AlertRepository.Rule(0, "left over", "LOW", 1, null, null, false, "email", "ops@plant.test",
                    0, 0));
            WebhookSender webhooks = new WebhookSender(repo, Duration.ofMillis(20));
            new AlertEngine(s.context.db(), new AlertDispatcher(repo, webhooks, null), Duration.ofMinutes(10))
                    .onAnomalies(List.of(anomaly(9, "HIGH")), System.currentTimeMillis());
            webhooks.close();
            AlertRepository.Alert alert = repo.history(10).stream().filter(a -> a.incident().equals("anomaly:9"))
                    .filter(a -> repo.rules().stream().anyMatch(r -> r.ruleId() == a.ruleId() && r.channel().equals("email")))
                    .findFirst().orElseThrow();
            assertThat(repo.deliveries(alert.alertId()))
                    .containsExactly("opened #1 failed: not mailed: no SMTP server is configured (server.smtp_host)");
        }
        int port = freePort();
        ServerSettings withSmtp = ServerSettings.defaults().withHttp("127.0.0.1", 0).withoutMqtt()
                .withSmtp(SmtpSettings.of("127.0.0.1", port, "prognos@plant.test", SmtpSettings.Security.PLAIN));
        try (TestServer s = TestServer.start(dialect, temp, withSmtp)) {
            HttpResponse<String> bad = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"mail\", \"channel\": \"email\", "
                    + "\"target\": \"ops@plant.test, not-an-address\"}");
            assertThat(bad.statusCode()).isEqualTo(400);
            assertThat(TestServer.json(bad).get("title").asText()).isEqualTo("Bad request");
            assertThat(TestServer.json(bad).get("detail").asText())
                    .startsWith("target: 'not-an-address' is not an e-mail address");
            HttpResponse<String> none = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"mail\", \"channel\": \"email\"}");
            assertThat(none.statusCode()).isEqualTo(400);
            assertThat(TestServer.json(none).get("detail").asText()).startsWith("target must be one or more e-mail addresses");
            HttpResponse<String> notText = s.post("/api/v1/alert-rules", s.admin, "{\"name\": \"mail\", \"channel\": "
                    + "\"email\", \"target\": [\"ops@plant.test\", 7]}");
            assertThat(notText.statusCode()).isEqualTo(400);
            assertThat(TestServer.json(notText).get("detail").asText()).startsWith("target: expected e-mail addresses");
            assertThat(TestServer.json(s.get("/api/v1/alert-rules", s.viewer)).get("items")).isEmpty();
        }
    }
}
