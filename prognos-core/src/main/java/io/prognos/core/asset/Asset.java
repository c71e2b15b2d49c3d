package io.prognos.core.asset;

import java.util.Objects;

/**
 * A piece of monitored equipment (a pump, a compressor, a spacecraft subsystem). Criticality, from 1
 * (minor) to 5 (safety- or production-critical), weighs its risks against other assets'.
 */
public record Asset(String id, String name, String type, String location, int criticality) {

    public Asset {
        id = Identifiers.require(id, "asset id");
        Objects.requireNonNull(name, "asset name");
        if (criticality < 1 || criticality > 5) {
            throw new IllegalArgumentException("asset " + id + ": criticality must be 1..5, got " + criticality);
        }
    }
}
