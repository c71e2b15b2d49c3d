package io.prognos.pipeline;

import com.fasterxml.jackson.annotation.JsonProperty;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.prognos.core.transform.GapPolicy;
import io.prognos.core.transform.Scaler;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The settings in {@code prognos.yaml}, with environment-variable overrides. Every key is optional;
 * what is not set keeps the built-in default. Precedence, highest first: a command-line option, the
 * environment variable, the file, the default.
 *
 * <pre>
 * store:
 *   db: jdbc:postgresql://127.0.0.1:5432/test?user=postgres   # or a SQLite file; env PROGNOS_DB
 *   data_dir: /var/lib/prognos                               # env PROGNOS_DATA_DIR
 * training:                                                  # env PROGNOS_TRAINING_&lt;KEY&gt;
 *   predictor: linear          # linear, lstm or ensemble
 *   scaling: minmax            # zscore, minmax, robust or none
 *   gap_policy: interpolate    # leave, interpolate or split
 *   max_gap: 10                # missing grid points filled at most
 *   imputation: linear         # how detectors' training fills those gaps: linear, seasonal or knn
 *   imputation_period: 288     # seasonal: the season in sampling periods (default: one day's worth)
 *   knn_k: 5                   # knn: nearest stretches averaged
 *   knn_context: 12            # knn: sampling periods before a gap compared
 *   threshold: telemanom       # detectors' alarm level: telemanom, spot, dspot or gev
 *   threshold_risk: 0.001      # spot, dspot, gev: chance a normal error passes the level
 *   accept_constant: false     # train on signals constant by design
 *   validation_fraction: 0.2
 *   test_fraction: 0.1
 *   seed: 0
 *   workers: 2
 * server:                                                    # env PROGNOS_SERVER_&lt;KEY&gt;
 *   port: 8080
 *   public_url: https://prognos.plant.example   # links in alert mails
 *   smtp_host: smtp.plant.example               # e-mail alerts; none without it
 *   smtp_port: 587
 *   smtp_from: prognos@plant.example
 *   smtp_username: prognos                      # optional; the password best from PROGNOS_SERVER_SMTP_PASSWORD
 *   smtp_security: starttls                     # starttls (default) or plain
 *   smtp_timeout: PT10S
 *   online_detector: knn-cad                    # online detection of every sensor; default none (off)
 *   online_alarm_level: 0.999                   # streaming score at or above which a reading is an anomaly
 *   online_warmup: 10080                        # readings replayed to a sensor's detector when first seen
 * </pre>
 *
 * @param source where the settings came from, for messages
 */
public record PrognosConfig(Store store, Training training, Server server, String source) {

    /** Where the store is. */
    public record Store(@JsonProperty("db") String db, @JsonProperty("data_dir") String dataDir) {
    }

    /** Defaults for {@code prognos train}. */
    public record Training(@JsonProperty("predictor") String predictor,
                           @JsonProperty("scaling") String scaling,
                           @JsonProperty("gap_policy") String gapPolicy,
                           @JsonProperty("max_gap") Integer maxGap,
                           @JsonProperty("accept_constant") Boolean acceptConstant,
                           @JsonProperty("validation_fraction") Double validationFraction,
                           @JsonProperty("test_fraction") Double testFraction,
                           @JsonProperty("seed") Long seed,
                           @JsonProperty("workers") Integer workers,
                           @JsonProperty("imputation") String imputation,
                           @JsonProperty("imputation_period") Integer imputationPeriod,
                           @JsonProperty("knn_k") Integer knnK,
                           @JsonProperty("knn_context") Integer knnContext,
                           @JsonProperty("threshold") String threshold,
                           @JsonProperty("threshold_risk") Double thresholdRisk) {
    }

    /**
     * How {@code prognos serve} runs; command-line options beat these. Durations are ISO-8601 ({@code PT1S}).
     * {@code mqtt} is {@code embedded}, {@code external} (with {@code mqtt_broker}) or {@code off}. The
     * {@code smtp_*} keys configure e-mail delivery of alerts (none without {@code smtp_host});
     * {@code smtp_security} is {@code starttls} or {@code plain}; {@code public_url} is the address people reach
     * the dashboard at, used for links in alert mails. The password is never shown: {@link #toString()} masks it.
     * {@code online_detector} turns on online detection with that streaming detector ({@code knn-cad},
     * {@code windowed-gaussian}, ...; {@code none}, the default, is off), {@code online_alarm_level} is the score in
     * (0, 1] at or above which its reading is stored as an anomaly (0.999) and {@code online_warmup} how many stored
     * readings are replayed to a sensor's detector when the server first sees the sensor (10080).
     */
    public record Server(@JsonProperty("host") String host,
                         @JsonProperty("port") Integer port,
                         @JsonProperty("mqtt") String mqtt,
                         @JsonProperty("mqtt_port") Integer mqttPort,
                         @JsonProperty("mqtt_broker") String mqttBroker,
                         @JsonProperty("scoring_interval") String scoringInterval,
                         @JsonProperty("stale_after") String staleAfter,
                         @JsonProperty("live_batch") Integer liveBatch,
                         @JsonProperty("public_url") String publicUrl,
                         @JsonProperty("smtp_host") String smtpHost,
                         @JsonProperty("smtp_port") Integer smtpPort,
                         @JsonProperty("smtp_from") String smtpFrom,
                         @JsonProperty("smtp_username") String smtpUsername,
                         @JsonProperty("smtp_password") String smtpPassword,
                         @JsonProperty("smtp_security") String smtpSecurity,
                         @JsonProperty("smtp_timeout") String smtpTimeout,
                         @JsonProperty("online_detector") String onlineDetector,
                         @JsonProperty("online_alarm_level") Double onlineAlarmLevel,
                         @JsonProperty("online_warmup") Integer onlineWarmup) {

        /** No {@code server:} section: every key unset. */
        public static final Server NONE = new Server(null, null, null, null, null, null, null, null, null, null, null, null,
                null, null, null, null, null, null, null);

        @Override
        public String toString() {
            return "Server[host=" + host + ", port=" + port + ", mqtt=" + mqtt + ", mqtt_port=" + mqttPort
                    + ", mqtt_broker=" + mqttBroker + ", scoring_interval=" + scoringInterval + ", stale_after=" + staleAfter
                    + ", live_batch=" + liveBatch + ", public_url=" + publicUrl + ", smtp_host=" + smtpHost + ", smtp_port="
                    + smtpPort + ", smtp_from=" + smtpFrom + ", smtp_username=" + smtpUsername + ", smtp_password="
                    + (smtpPassword == null ? null : "***") + ", smtp_security=" + smtpSecurity + ", smtp_timeout="
                    + smtpTimeout + ", online_detector=" + onlineDetector + ", online_alarm_level=" + onlineAlarmLevel
                    + ", online_warmup=" + onlineWarmup + "]";
        }
    }

    /** Keys whose values are secrets: never repeated in messages. */
    static final java.util.Set<String> SECRET_KEYS = java.util.Set.of("server.smtp_password");

    /** The environment variable of each key; the rest of the training keys follow PROGNOS_TRAINING_KEY. */
    static final Map<String, String> ENVIRONMENT = environmentNames();

    private record Document(@JsonProperty("store") Store store, @JsonProperty("training") Training training,
                            @JsonProperty("server") Server server) {
    }

    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory())
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES);

    /**
     * Reads {@code file} (null, or a file that does not exist when {@code required} is false, means
     * no file) and applies the environment.
     *
     * @throws IllegalArgumentException naming the file, line and key, or the environment variable,
     *                                  of a value that is malformed or unknown
     */
    public static PrognosConfig load(Path file, boolean required, Map<String, String> environment) {
        ObjectNode tree = JsonNodeFactory.instance.objectNode();
        String source = "built-in defaults";
        if (file != null && (required || Files.exists(file))) {
            if (!Files.isRegularFile(file)) {
                throw new IllegalArgumentException("configuration file " + file + " does not exist");
            }
            try {
                JsonNode read = YAML.readTree(file.toFile());
                if (read != null && !read.isMissingNode() && !read.isNull()) {
                    if (!read.isObject()) {
                        throw new IllegalArgumentException(file + ": expected sections such as 'store:' and 'training:'");
                    }
                    tree = (ObjectNode) read;
                    YAML.readValue(file.toFile(), Document.class); // for errors with line numbers
                }
            } catch (JsonProcessingException e) {
                throw new IllegalArgumentException(describe(file, e), e);
            } catch (IOException e) {
                throw new IllegalArgumentException("cannot read configuration file " + file + ": " + e.getMessage(), e);
            }
            source = file.toString();
        }
        for (Map.Entry<String, String> key : ENVIRONMENT.entrySet()) {
            String value = environment.get(key.getValue());
            if (value == null || value.isBlank()) {
                continue;
            }
            String[] path = key.getKey().split("\\.");
            JsonNode section = tree.get(path[0]);
            ObjectNode sectionNode = section instanceof ObjectNode o ? o : tree.putObject(path[0]);
            sectionNode.put(path[1], value.trim());
            source = source + " + $" + key.getValue();
            try {
                YAML.treeToValue(tree, Document.class);
            } catch (JsonProcessingException e) {
                String shown = SECRET_KEYS.contains(key.getKey()) ? "***" : value;
                throw new IllegalArgumentException("environment variable " + key.getValue() + "='" + shown + "' is not a "
                        + "valid value for " + key.getKey() + ": " + e.getOriginalMessage(), e);
            }
        }
        Document doc;
        try {
            doc = YAML.treeToValue(tree, Document.class);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(source + ": " + e.getOriginalMessage(), e);
        }
        PrognosConfig config = new PrognosConfig(
                doc.store() == null ? new Store(null, null) : doc.store(),
                doc.training() == null ? new Training(null, null, null, null, null, null, null, null, null, null,
                        null, null, null, null, null) : doc.training(),
                doc.server() == null ? Server.NONE : doc.server(),
                source);
        config.applyTo(TrainingOptions.defaults());
        return config;
    }

    /**
     * The training options with this configuration's values over {@code base}.
     *
     * @throws IllegalArgumentException naming the key of a value that is out of range
     */
    public TrainingOptions applyTo(TrainingOptions base) {
        Training t = training;
        TrainingOptions options = base;
        try {
            if (t.predictor() != null) {
                if (!Predictors.NAMES.contains(t.predictor())) {
                    throw new IllegalArgumentException("training.predictor '" + t.predictor() + "' is not one of "
                            + Predictors.NAMES);
                }
                options = options.withPredictor(t.predictor());
            }
            if (t.scaling() != null) {
                options = options.withScaling(parseScaling(t.scaling()));
            }
            if (t.gapPolicy() != null || t.maxGap() != null) {
                GapPolicy policy = t.gapPolicy() == null ? options.gapPolicy() : GapPolicy.parse(t.gapPolicy());
                options = options.withGaps(policy, t.maxGap() == null ? options.maxGap() : t.maxGap());
            }
            if (t.imputation() != null || t.imputationPeriod() != null || t.knnK() != null || t.knnContext() != null) {
                options = options.withImputation(ImputationChoice.of(t.imputation(), t.imputationPeriod(), t.knnK(),
                        t.knnContext(), "training.imputation", "training.imputation_period", "training.knn_k",
                        "training.knn_context"));
            }
            if (t.threshold() != null || t.thresholdRisk() != null) {
                options = options.withTelemanom(options.telemanom().withThreshold(ThresholdChoice.of(
                        options.telemanom().threshold(), t.threshold(), t.thresholdRisk(), "training.threshold",
                        "training.threshold_risk")));
            }
            if (t.acceptConstant() != null) {
                options = options.withAcceptConstant(t.acceptConstant());
            }
            if (t.validationFraction() != null || t.testFraction() != null) {
                options = options.withSplits(
                        t.validationFraction() == null ? options.validationFraction() : t.validationFraction(),
                        t.testFraction() == null ? options.testFraction() : t.testFraction());
            }
            if (t.seed() != null) {
                options = options.withSeed(t.seed(), options.actor());
            }
            if (t.workers() != null && t.workers() < 1) {
                throw new IllegalArgumentException("training.workers must be >= 1, got " + t.workers());
            }
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(source + ": " + e.getMessage(), e);
        }
        return options;
    }

    private static Scaler.Kind parseScaling(String name) {
        try {
            return Scaler.Kind.valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("training.scaling '" + name + "' is not one of zscore, minmax, robust, none",
                    e);
        }
    }

    private static String describe(Path file, JsonProcessingException e) {
        JsonLocation at = e.getProcessor() instanceof com.fasterxml.jackson.core.JsonParser parser
                ? parser.currentTokenLocation() : e.getLocation();
        String where = at == null || at.getLineNr() < 1 ? file.toString() : file + " line " + at.getLineNr();
        String message = e.getOriginalMessage();
        if (e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException u) {
            // records are read through their constructor, so the parser has moved past the key by now
            int line = lineOfKey(file, u.getPropertyName());
            where = line > 0 ? file + " line " + line : file.toString();
            message = "unknown key '" + u.getPropertyName() + "'; known keys there: " + u.getKnownPropertyIds();
        }
        return where + ": " + message;
    }

    private static int lineOfKey(Path file, String key) {
        try {
            java.util.List<String> lines = Files.readAllLines(file);
            for (int i = 0; i < lines.size(); i++) {
                String text = lines.get(i).strip();
                if (text.startsWith(key + ":") || text.startsWith("\"" + key + "\":")) {
                    return i + 1;
                }
            }
        } catch (IOException ignored) {
            // the line number is a convenience; the key name is still reported
        }
        return -1;
    }

    private static Map<String, String> environmentNames() {
        Map<String, String> names = new LinkedHashMap<>();
        names.put("store.db", "PROGNOS_DB");
        names.put("store.data_dir", "PROGNOS_DATA_DIR");
        for (String key : new String[] {"predictor", "scaling", "gap_policy", "max_gap", "accept_constant", "validation_fraction",
                "test_fraction", "seed", "workers", "imputation", "imputation_period", "knn_k", "knn_context", "threshold",
                "threshold_risk"}) {
            names.put("training." + key, "PROGNOS_TRAINING_" + key.toUpperCase(Locale.ROOT));
        }
        for (String key : new String[] {"host", "port", "mqtt", "mqtt_port", "mqtt_broker", "scoring_interval", "stale_after",
                "live_batch", "public_url", "smtp_host", "smtp_port", "smtp_from", "smtp_username", "smtp_password",
                "smtp_security", "smtp_timeout", "online_detector", "online_alarm_level", "online_warmup"}) {
            names.put("server." + key, "PROGNOS_SERVER_" + key.toUpperCase(Locale.ROOT));
        }
        return java.util.Collections.unmodifiableMap(names);
    }
}
