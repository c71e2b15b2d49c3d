package io.prognos.server.ingest;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.store.TelemetryPoint;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;

/**
 * Reads telemetry payloads, the same over HTTP and MQTT.
 *
 * <ul>
 *   <li>A batch for several sensors: {@code {"points": [{"sensor": "P-1", "ts": 1767225600000, "value": 4.2}, ...]}}.</li>
 *   <li>For one sensor (MQTT topic {@code prognos/telemetry/SENSOR}): one point {@code {"ts": ..., "value": ...}},
 *       an array of such points, or CSV text with one {@code ts,value} line per point.</li>
 * </ul>
 * {@code ts} is epoch milliseconds or an ISO-8601 instant ({@code 2026-01-01T00:00:00Z}); {@code value} is a
 * number, or {@code null} for a reading that arrived without a value. Errors name the point and field.
 */
public final class TelemetryPayloads {

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_TRAILING_TOKENS);

    private final int maxPoints;

    /** @param maxPoints the largest batch accepted */
    public TelemetryPayloads(int maxPoints) {
        this.maxPoints = maxPoints;
    }

    /** A multi-sensor batch ({@code {"points": [...]}}). */
    public List<TelemetryPoint> batch(byte[] body) {
        JsonNode root = parse(body);
        JsonNode points = root.get("points");
        if (!root.isObject() || points == null || !points.isArray()) {
            throw new BadTelemetryException("the body must be a JSON object with a \"points\" array");
        }
        checkSize(points.size());
        List<TelemetryPoint> out = new ArrayList<>(points.size());
        for (int i = 0; i < points.size(); i++) {
            JsonNode p = points.get(i);
            String where = "points[" + i + "]";
            if (!p.isObject()) {
                throw new BadTelemetryException(where + ": expected an object with sensor, ts and value");
            }
            JsonNode sensor = p.get("sensor");
            if (sensor == null || !sensor.isTextual() || sensor.asText().isBlank()) {
                throw new BadTelemetryException(where + ".sensor: expected the sensor id as a string");
            }
            out.add(point(sensor.asText(), p, where));
        }
        return out;
    }

    /** Points of one sensor: a JSON object, a JSON array of objects, or CSV lines {@code ts,value}. */
    public List<TelemetryPoint> forSensor(String sensorId, byte[] payload) {
        String text = new String(payload, StandardCharsets.UTF_8).strip();
        if (text.isEmpty()) {
            throw new BadTelemetryException("empty payload");
        }
        if (text.startsWith("{") || text.startsWith("[")) {
            JsonNode root = parse(payload);
            if (root.isObject()) {
                return List.of(point(sensorId, root, "payload"));
            }
            checkSize(root.size());
            List<TelemetryPoint> out = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                JsonNode p = root.get(i);
                if (!p.isObject()) {
                    throw new BadTelemetryException("[" + i + "]: expected an object with ts and value");
                }
                out.add(point(sensorId, p, "[" + i + "]"));
            }
            return out;
        }
        String[] lines = text.split("\r?\n");
        checkSize(lines.length);
        List<TelemetryPoint> out = new ArrayList<>(lines.length);
        for (int i = 0; i < lines.length; i++) {
            String where = "line " + (i + 1);
            String[] fields = lines[i].split(",", -1);
            if (fields.length != 2) {
                throw new BadTelemetryException(where + ": expected 'ts,value', got '" + abbreviate(lines[i]) + "'");
            }
            long ts = timestamp(fields[0].strip(), where + " ts");
            String v = fields[1].strip();
            double value;
            if (v.isEmpty() || v.equalsIgnoreCase("nan") || v.equalsIgnoreCase("null")) {
                value = Double.NaN;
            } else {
                try {
                    value = Double.parseDouble(v);
                } catch (NumberFormatException e) {
                    throw new BadTelemetryException(where + " value: expected a number, got '" + abbreviate(v) + "'");
                }
                requireFinite(value, where + " value");
            }
            out.add(new TelemetryPoint(sensorId, ts, value));
        }
        return out;
    }

    private void checkSize(int n) {
        if (n > maxPoints) {
            throw new BadTelemetryException("batch of " + n + " points is larger than the limit of " + maxPoints
                    + "; split it", true);
        }
    }

    private static TelemetryPoint point(String sensorId, JsonNode p, String where) {
        JsonNode ts = p.get("ts");
        if (ts == null || ts.isNull()) {
            throw new BadTelemetryException(where + ".ts: missing");
        }
        long millis;
        if (ts.isIntegralNumber() && ts.canConvertToLong()) {
            millis = ts.asLong();
        } else if (ts.isTextual()) {
            millis = timestamp(ts.asText(), where + ".ts");
        } else {
            throw new BadTelemetryException(where + ".ts: expected epoch milliseconds (an integer) or an ISO-8601 "
                    + "instant, got " + abbreviate(ts.toString()));
        }
        JsonNode v = p.get("value");
        if (v == null) {
            throw new BadTelemetryException(where + ".value: missing (send null for a reading without a value)");
        }
        double value;
        if (v.isNull()) {
            value = Double.NaN;
        } else if (v.isNumber()) {
            value = v.asDouble();
            requireFinite(value, where + ".value");
        } else {
            throw new BadTelemetryException(where + ".value: expected a number or null, got " + abbreviate(v.toString()));
        }
        return new TelemetryPoint(sensorId, millis, value);
    }

    private static long timestamp(String text, String where) {
        if (!text.isEmpty() && text.chars().allMatch(c -> c == '-' || Character.isDigit(c))) {
            try {
                return Long.parseLong(text);
            } catch (NumberFormatException e) {
                throw new BadTelemetryException(where + ": '" + abbreviate(text) + "' is out of range");
            }
        }
        try {
            return Instant.parse(text).toEpochMilli();
        } catch (DateTimeParseException | ArithmeticException e) {
            throw new BadTelemetryException(where + ": expected epoch milliseconds or an ISO-8601 instant such as "
                    + "2026-01-01T00:00:00Z, got '" + abbreviate(text) + "'");
        }
    }

    private static void requireFinite(double value, String where) {
        if (!Double.isFinite(value)) {
            throw new BadTelemetryException(where + ": " + value + " is not a finite number");
        }
    }

    private static JsonNode parse(byte[] body) {
        try {
            JsonNode root = JSON.readTree(body);
            if (root == null) {
                throw new BadTelemetryException("empty body: expected JSON");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new BadTelemetryException("malformed JSON at line " + e.getLocation().getLineNr() + ", column "
                    + e.getLocation().getColumnNr() + ": " + e.getOriginalMessage());
        } catch (java.io.IOException e) {
            throw new BadTelemetryException("unreadable body: " + e.getMessage());
        }
    }

    private static String abbreviate(String s) {
        return s.length() <= 60 ? s : s.substring(0, 57) + "...";
    }
}
