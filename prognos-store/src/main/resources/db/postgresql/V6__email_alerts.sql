-- E-mail delivery of alerts: the channel 'email' (target: one or more addresses). Widens the channel check that
-- V4 declared inline (PostgreSQL named it alert_rule_channel_check); the rows stay as they are. Keep in step with
-- db/sqlite/V6__email_alerts.sql.
ALTER TABLE alert_rule DROP CONSTRAINT alert_rule_channel_check;
ALTER TABLE alert_rule ADD CONSTRAINT alert_rule_channel_check
    CHECK (channel IN ('webhook', 'slack', 'teams', 'email', 'dashboard'));
