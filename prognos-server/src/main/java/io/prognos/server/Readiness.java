package io.prognos.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether the server can do its job right now, and why not: the store answers a query, and MQTT
 * ingestion (when on) is connected to its broker. One answer for {@code /health/ready} and the system
 * page, so that both say the same.
 *
 * @param database true when the store answered
 * @param mqtt     {@code UP}, {@code DOWN}, or {@code OFF} when MQTT ingestion is switched off
 */
public record Readiness(boolean database, String mqtt) {

    public boolean ready() {
        return database && !"DOWN".equals(mqtt);
    }

    /** What keeps the server from being ready, in sentences; empty when it is ready. */
    public List<String> reasons() {
        List<String> out = new ArrayList<>();
        if (!database) {
            out.add("the store does not answer a query");
        }
        if ("DOWN".equals(mqtt)) {
            out.add("MQTT ingestion is not connected to its broker");
        }
        return out;
    }
}
