package io.prognos.store;

import org.flywaydb.core.Flyway;
import org.jdbi.v3.core.Jdbi;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** V6 (the email channel) on a store that already has rules, alerts and deliveries from V4. */
class AlertRuleMigrationTest {

    @TempDir
    Path temp;

    @ParameterizedTest
    @EnumSource(Dialect.class)
    void widensTheChannelCheckAndKeepsRulesAlertsAndDeliveries(Dialect dialect) {
        String location = TestStores.location(dialect, temp);
        String url = location.startsWith("jdbc:") ? location : "jdbc:sqlite:" + location;
        Flyway.configure().dataSource(url, null, null)
                .locations("classpath:db/" + (dialect == Dialect.SQLITE ? "sqlite" : "postgresql"))
                .target("5").loggers("slf4j").load().migrate();
        Jdbi v5 = Jdbi.create(url);
        v5.useHandle(h -> {
            h.execute("INSERT INTO alert_rule (rule_id, name, min_severity, min_criticality, asset_id, sensor_id, on_stale, "
                    + "channel, target, reminder_minutes, min_crossing_probability, created_at) VALUES (7, 'ops', 'HIGH', 3, "
                    + "'PUMP-1', NULL, 1, 'slack', 'https://hooks.example.com/x', 30, 0.5, 1000)");
            h.execute("INSERT INTO alert_rule (rule_id, name, min_severity, min_criticality, asset_id, sensor_id, on_stale, "
                    + "channel, target, reminder_minutes, min_crossing_probability, created_at) VALUES (9, 'screen', 'LOW', 1, "
                    + "NULL, 'S-1', 0, 'dashboard', NULL, 0, 0, 2000)");
            h.execute("INSERT INTO alert (alert_id, rule_id, incident, sensor_id, severity, state, message, opened_at, "
                    + "updated_at, cleared_at, last_sent_at, sends) VALUES (11, 7, 'anomaly:1', 'S-1', 'HIGH', 'open', 'm', "
                    + "10, 20, NULL, 20, 1)");
            h.execute("INSERT INTO alert_delivery (delivery_id, alert_id, kind, attempt, at, ok, detail) VALUES (13, 11, "
                    + "'opened', 1, 20, 1, 'HTTP 200')");
            assertThatThrownBy(() -> h.execute("INSERT INTO alert_rule (name, min_severity, min_criticality, on_stale, "
                    + "channel, target, reminder_minutes, min_crossing_probability, created_at) VALUES ('mail', 'LOW', 1, 0, "
                    + "'email', 'ops@example.com', 0, 0, 0)")).as("V4 refuses the email channel");
        });

        Database db = Database.open(location);   // applies V6
        AlertRepository repo = new AlertRepository(db);
        assertThat(repo.rules()).containsExactly(
                new AlertRepository.Rule(7, "ops", "HIGH", 3, "PUMP-1", null, true, "slack", "https://hooks.example.com/x",
                        30, 0.5),
                new AlertRepository.Rule(9, "screen", "LOW", 1, null, "S-1", false, "dashboard", null, 0, 0));
        assertThat(repo.openAlerts()).singleElement().satisfies(a -> {
            assertThat(a.alertId()).isEqualTo(11);
            assertThat(a.ruleId()).isEqualTo(7);
            assertThat(a.lastSentAt()).isEqualTo(20L);
        });
        assertThat(repo.deliveries(11)).containsExactly("opened #1 ok: HTTP 200");

        AlertRepository.Rule mail = repo.addRule(new AlertRepository.Rule(0, "mail", "HIGH", 1, null, null, false, "email",
                "ops@example.com;  shift-lead@plant.example.org", 0, 0));
        assertThat(mail.ruleId()).isNotIn(7L, 9L);
        assertThat(repo.rules()).filteredOn(r -> r.name().equals("mail")).singleElement().satisfies(r -> {
            assertThat(r.target()).isEqualTo("ops@example.com, shift-lead@plant.example.org");
            assertThat(r.recipients()).containsExactly("ops@example.com", "shift-lead@plant.example.org");
        });
        // the rebuilt tables still check what V4 checked: the channel, and that an alert's rule exists
        db.jdbi().useHandle(h -> {
            assertThatThrownBy(() -> h.execute("INSERT INTO alert_rule (name, min_severity, min_criticality, on_stale, "
                    + "channel, target, reminder_minutes, min_crossing_probability, created_at) VALUES ('pager', 'LOW', 1, 0, "
                    + "'pager', 'x', 0, 0, 0)"));
            assertThatThrownBy(() -> h.execute("INSERT INTO alert (rule_id, incident, sensor_id, severity, state, message, "
                    + "opened_at, updated_at, sends) VALUES (999, 'i', 'S-1', 'LOW', 'open', 'm', 0, 0, 0)"));
            assertThatThrownBy(() -> h.execute("INSERT INTO alert_delivery (alert_id, kind, attempt, at, ok, detail) "
                    + "VALUES (999, 'opened', 1, 0, 1, 'x')"));
        });
        repo.delivery(11, "reminder", 1, false, "refused", 30);
        assertThat(repo.deliveries(11)).hasSize(2);
        assertThat(repo.find(11)).get().extracting(AlertRepository.Alert::sends).isEqualTo(1);
    }

    @Test
    void emailTargetsAreCheckedAddressByAddress() {
        assertThatThrownBy(() -> rule("ops@example.com, not-an-address"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("target: 'not-an-address' is not an e-mail address");
        assertThatThrownBy(() -> rule("Ops <ops@example.com>")).hasMessageContaining("target: 'Ops'");
        assertThatThrownBy(() -> rule("ops@exa_mple.com")).hasMessageContaining("not an e-mail address");
        assertThatThrownBy(() -> rule(" , ")).hasMessageContaining("target must hold 1-20 e-mail addresses");
        assertThatThrownBy(() -> rule(null)).hasMessageContaining("target must be one or more e-mail addresses");
        assertThat(rule("a@b.example, a@b.example\nc.d+alerts@plant-3.example").target())
                .isEqualTo("a@b.example, c.d+alerts@plant-3.example");
        assertThat(new AlertRepository.Rule(0, "hook", "HIGH", 1, null, null, false, "webhook", "https://x.example/h", 0, 0)
                .recipients()).isEmpty();
        assertThat(Map.of("channels", AlertRepository.Rule.CHANNELS)).containsValue(
                List.of("webhook", "slack", "teams", "email", "dashboard"));
    }

    private static AlertRepository.Rule rule(String target) {
        return new AlertRepository.Rule(0, "mail", "HIGH", 1, null, null, false, "email", target, 0, 0);
    }
}
