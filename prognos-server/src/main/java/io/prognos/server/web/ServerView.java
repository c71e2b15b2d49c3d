package io.prognos.server.web;

import io.prognos.server.Readiness;
import io.prognos.server.ServerMetrics;
import io.prognos.server.ServerSettings;

import java.util.function.Supplier;

/**
 * What the dashboard's system page may see of the running server: its settings, its meters, the MQTT
 * broker it listens on and its readiness. Handed over by the server so that the dashboard does not
 * depend on the server class itself.
 *
 * @param brokerUrl the MQTT broker ingestion listens on, or null when MQTT is off
 */
public record ServerView(ServerSettings settings, ServerMetrics metrics, String brokerUrl, Supplier<Readiness> readiness) {
}
