package io.prognos.cli.bench;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.cli.UserInputException;
import io.prognos.core.eval.nab.NabFile;
import io.prognos.core.eval.nab.NabProfile;
import io.prognos.core.eval.nab.NabWindow;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The NAB repository layout read from disk: {@code data/<category>/<name>.csv} (timestamp,value),
 * {@code labels/combined_windows.json}, {@code config/profiles.json} and, when present,
 * {@code results/final_results.json} (the published scoreboard). Problems name the file and line. Rows
 * stay in file order, as NAB keeps them: a few NAB files repeat or step back a timestamp (daylight-saving
 * changes), which is accepted.
 */
final class NabCorpus {

    /** NAB timestamps: {@code 2014-07-01 00:00:00}, windows with a fraction ({@code .000000}). */
    private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder().appendPattern("yyyy-MM-dd HH:mm:ss")
            .optionalStart().appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter();

    /** One data file with its rows, timestamps kept as written. */
    record Series(NabFile file, String[] timestamps, long[] epochSeconds, double[] values) {
    }

    private NabCorpus() {
    }

    /** Every file of {@code labels/combined_windows.json}, in its order, with its windows mapped to rows. */
    static List<Series> load(Path root) {
        Path labels = root.resolve("labels").resolve("combined_windows.json");
        JsonNode windows = readJson(root, labels);
        if (!windows.isObject() || windows.isEmpty()) {
            throw new UserInputException(labels + ": expected an object mapping data files to windows");
        }
        List<Series> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : windows.properties()) {
            out.add(readSeries(root, e.getKey(), e.getValue(), labels));
        }
        return out;
    }

    /** The profiles of {@code config/profiles.json}, in its order. */
    static List<NabProfile> profiles(Path root) {
        Path path = root.resolve("config").resolve("profiles.json");
        JsonNode json = readJson(root, path);
        List<NabProfile> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            JsonNode m = e.getValue().path("CostMatrix");
            for (String w : List.of("tpWeight", "fpWeight", "fnWeight")) {
                if (!m.path(w).isNumber()) {
                    throw new UserInputException(path + ": profile " + e.getKey() + " has no numeric CostMatrix." + w);
                }
            }
            try {
                out.add(new NabProfile(e.getKey(), m.get("tpWeight").asDouble(), m.get("fpWeight").asDouble(),
                        m.get("fnWeight").asDouble()));
            } catch (IllegalArgumentException ex) {
                throw new UserInputException(path + ": " + ex.getMessage());
            }
        }
        if (out.isEmpty()) {
            throw new UserInputException(path + ": no profiles");
        }
        return out;
    }

    /** The published scoreboard (detector to profile to score), empty when the file is absent. */
    static Map<String, Map<String, Double>> published(Path root) {
        Path path = root.resolve("results").resolve("final_results.json");
        Map<String, Map<String, Double>> out = new LinkedHashMap<>();
        if (!Files.isRegularFile(path)) {
            return out;
        }
        JsonNode json = readJson(root, path);
        for (Map.Entry<String, JsonNode> e : json.properties()) {
            Map<String, Double> scores = new LinkedHashMap<>();
            e.getValue().properties().forEach(p -> {
                if (p.getValue().isNumber()) {
                    scores.put(p.getKey(), p.getValue().asDouble());
                }
            });
            out.put(e.getKey(), scores);
        }
        return out;
    }

    private static JsonNode readJson(Path root, Path path) {
        try {
            return new ObjectMapper().readTree(path.toFile());
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            String where = at == null ? "" : " line " + at.getLineNr() + " column " + at.getColumnNr();
            throw new UserInputException(path + where + ": malformed JSON: " + e.getOriginalMessage(), e);
        } catch (IOException e) {
            throw new UserInputException(path + ": cannot read (" + e.getMessage() + "); is " + root + " a NAB checkout?", e);
        }
    }

    private static Series readSeries(Path root, String key, JsonNode windowsJson, Path labels) {
        Path csv = root.resolve("data").resolve(key);
        List<String> stamps = new ArrayList<>();
        List<Long> seconds = new ArrayList<>();
        double[] values = new double[1024];
        try (BufferedReader r = Files.newBufferedReader(csv, StandardCharsets.UTF_8)) {
            String header = r.readLine();
            if (header == null || !header.strip().replace("\uFEFF", "").equals("timestamp,value")) {
                throw new UserInputException(csv + " line 1: expected the header 'timestamp,value', got '" + header + "'");
            }
            String line;
            int lineNo = 1;
            while ((line = r.readLine()) != null) {
                lineNo++;
                if (line.isBlank()) {
                    continue;
                }
                int comma = line.indexOf(',');
                if (comma < 0 || line.indexOf(',', comma + 1) >= 0) {
                    throw new UserInputException(csv + " line " + lineNo + ": expected 'timestamp,value', got '" + line + "'");
                }
                String stamp = line.substring(0, comma).strip();
                LocalDateTime t = parseTime(stamp, csv + " line " + lineNo);
                double v;
                try {
                    v = Double.parseDouble(line.substring(comma + 1).strip());
                } catch (NumberFormatException e) {
                    throw new UserInputException(csv + " line " + lineNo + ": value '" + line.substring(comma + 1) + "' is not a number");
                }
                if (!Double.isFinite(v)) {
                    throw new UserInputException(csv + " line " + lineNo + ": value " + v + " is not finite");
                }
                if (stamps.size() == values.length) {
                    values = Arrays.copyOf(values, values.length * 2);
                }
                values[stamps.size()] = v;
                stamps.add(stamp);
                seconds.add(t.toEpochSecond(ZoneOffset.UTC));
            }
        } catch (NoSuchFileException e) {
            throw new UserInputException(labels + " lists " + key + " but " + csv + " does not exist");
        } catch (IOException e) {
            throw new UserInputException(csv + ": cannot read (" + e.getMessage() + ")", e);
        }
        if (stamps.isEmpty()) {
            throw new UserInputException(csv + ": no data rows");
        }
        long[] epoch = seconds.stream().mapToLong(Long::longValue).toArray();
        List<NabWindow> windows = new ArrayList<>();
        if (!windowsJson.isArray()) {
            throw new UserInputException(labels + ": the windows of " + key + " must be an array of [start, end] pairs");
        }
        for (JsonNode w : windowsJson) {
            if (!w.isArray() || w.size() != 2 || !w.get(0).isTextual() || !w.get(1).isTextual()) {
                throw new UserInputException(labels + ": window " + w + " of " + key + " must be [\"start\", \"end\"]");
            }
            String where = labels + " (" + key + ")";
            long start = parseTime(w.get(0).asText(), where).toEpochSecond(ZoneOffset.UTC);
            long end = parseTime(w.get(1).asText(), where).toEpochSecond(ZoneOffset.UTC);
            int first = windowRow(epoch, start, true);
            int lastRow = windowRow(epoch, end, false);
            if (first < 0 || lastRow < first) {
                throw new UserInputException(where + ": window " + w + " holds no row of " + csv);
            }
            windows.add(new NabWindow(first, lastRow));
        }
        try {
            NabFile file = new NabFile(key, stamps.size(), windows);
            return new Series(file, stamps.toArray(String[]::new), epoch, Arrays.copyOf(values, stamps.size()));
        } catch (IllegalArgumentException e) {
            throw new UserInputException(labels + ": " + e.getMessage());
        }
    }

    /**
     * The row of a window's end point as NAB finds it: the first row carrying exactly that timestamp (the
     * data keep rows in file order; a few NAB files repeat timestamps at daylight-saving changes). Labels
     * that fall between rows take the first row at or after a start, or the last row at or before an end.
     */
    private static int windowRow(long[] epoch, long time, boolean start) {
        for (int i = 0; i < epoch.length; i++) {
            if (epoch[i] == time) {
                return i;
            }
        }
        if (start) {
            for (int i = 0; i < epoch.length; i++) {
                if (epoch[i] >= time) {
                    return i;
                }
            }
            return -1;
        }
        for (int i = epoch.length - 1; i >= 0; i--) {
            if (epoch[i] <= time) {
                return i;
            }
        }
        return -1;
    }

    private static LocalDateTime parseTime(String text, String where) {
        try {
            return LocalDateTime.parse(text.strip(), TIME);
        } catch (DateTimeParseException e) {
            throw new UserInputException(where + ": timestamp '" + text + "' is not 'yyyy-MM-dd HH:mm:ss'");
        }
    }
}
