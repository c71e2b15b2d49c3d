package io.prognos.server.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prognos.core.asset.Sensor;
import io.prognos.core.transform.GapPolicy;
import io.prognos.pipeline.ForecasterChoice;
import io.prognos.pipeline.ImputationChoice;
import io.prognos.pipeline.Predictors;
import io.prognos.pipeline.ThresholdChoice;
import io.prognos.pipeline.TrainingOptions;
import io.prognos.server.jobs.JobKind;
import io.prognos.server.jobs.JobRequest;
import io.prognos.store.AssetRepository;

import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns a training-job request body into a {@link JobRequest}, or a 400 problem whose detail starts with
 * the field at fault ({@code kind}, {@code sensors[2]}, {@code options.horizon}, ...). The body is
 * {@code {"kind": "detector"|"forecaster", "sensors": [...] | "asset": ID | "all": true, "options": {...}}};
 * the sensors are resolved when the request is made. Used by the API and by the dashboard's form alike.
 */
public final class TrainingJobRequests {

    private static final Set<String> FIELDS = Set.of("kind", "sensors", "asset", "all", "options");
    private static final Set<String> COMMON_OPTIONS = Set.of("seed", "until", "gap_policy", "max_gap");
    private static final Set<String> DETECTOR_OPTIONS = Set.of("predictor", "accept_constant", "threshold", "threshold_risk",
            "imputation", "imputation_period", "knn_k", "knn_context");
    private static final Set<String> FORECASTER_OPTIONS = Set.of("forecaster", "horizon", "max_epochs", "asset_inputs");
    /** Forecast steps when the request names none, as for {@code prognos train --kind forecaster}. */
    public static final int DEFAULT_HORIZON = 96;

    private final AssetRepository assets;
    private final TrainingOptions defaults;

    /** @param defaults the options a request starts from */
    public TrainingJobRequests(AssetRepository assets, TrainingOptions defaults) {
        this.assets = assets;
        this.defaults = defaults;
    }

    /** Parses a JSON request body. */
    public JobRequest parse(byte[] json, String requestedBy) {
        Object parsed;
        try {
            parsed = new ObjectMapper().readValue(json, Object.class);
        } catch (IOException e) {
            throw ApiException.badRequest("malformed JSON: " + e.getMessage());
        }
        if (!(parsed instanceof Map<?, ?> body)) {
            throw ApiException.badRequest("the body must be a JSON object such as {\"kind\": \"detector\", \"all\": true}");
        }
        return parse(body, requestedBy);
    }

    /** Validates a request given as a map (the parsed JSON body). */
    public JobRequest parse(Map<?, ?> body, String requestedBy) {
        for (Object key : body.keySet()) {
            if (!FIELDS.contains(String.valueOf(key))) {
                throw ApiException.badRequest(key + ": unknown field; a training job takes kind, sensors, asset, all and "
                        + "options");
            }
        }
        Object kindValue = body.get("kind");
        if (!(kindValue instanceof String kindText)) {
            throw ApiException.badRequest("kind: " + (kindValue == null ? "missing" : "expected a string")
                    + "; must be detector or forecaster");
        }
        JobKind kind;
        try {
            kind = JobKind.parse(kindText);
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("kind: " + e.getMessage());
        }
        List<String> sensors = new ArrayList<>();
        String scope = selectSensors(body, sensors);
        Map<?, ?> options = body.get("options") == null ? Map.of() : object(body.get("options"), "options");
        Map<String, Object> settings = new LinkedHashMap<>();
        TrainingOptions o = options(kind, options, settings).withSeed(seed(options, settings), requestedBy);
        ForecasterChoice forecaster = ForecasterChoice.of("ridge");
        int horizon = DEFAULT_HORIZON;
        if (kind == JobKind.FORECASTER) {
            String name = text(options, "forecaster", "ridge");
            if (!ForecasterChoice.NAMES.contains(name)) {
                throw ApiException.badRequest("options.forecaster: must be one of " + ForecasterChoice.NAMES + ", got '"
                        + name + "'");
            }
            ForecasterChoice standard = ForecasterChoice.of(name);
            int maxEpochs = integer(options, "max_epochs", standard.maxEpochs(), 1, 10_000);
            if (options.get("max_epochs") != null && name.equals("ridge")) {
                throw ApiException.badRequest("options.max_epochs: the ridge forecaster has no epochs; it applies to patchtst "
                        + "and patchtst-ridge");
            }
            Object assetInputs = options.get("asset_inputs");
            if (assetInputs != null && !(assetInputs instanceof Boolean)) {
                throw ApiException.badRequest("options.asset_inputs: expected true or false");
            }
            forecaster = new ForecasterChoice(name, maxEpochs, standard.maxTrainingSeconds(), Boolean.TRUE.equals(assetInputs));
            horizon = integer(options, "horizon", DEFAULT_HORIZON, 1, 10_000);
            settings.put("forecaster", name);
            settings.put("horizon", horizon);
            if (!name.equals("ridge")) {
                settings.put("max_epochs", maxEpochs);
            }
            if (forecaster.assetInputs()) {
                settings.put("asset_inputs", true);
            }
        }
        return new JobRequest(kind, scope, sensors, o, forecaster, horizon, settings, requestedBy);
    }

    /** Fills {@code sensors} from exactly one of sensors, asset and all, and says how they were chosen. */
    private String selectSensors(Map<?, ?> body, List<String> sensors) {
        int given = (body.get("sensors") != null ? 1 : 0) + (body.get("asset") != null ? 1 : 0)
                + (body.get("all") != null ? 1 : 0);
        if (given == 0) {
            throw ApiException.badRequest("sensors: missing; name sensors (\"sensors\": [\"ID\", ...]), or give "
                    + "\"asset\": \"ID\" or \"all\": true");
        }
        if (given > 1) {
            throw ApiException.badRequest((body.get("sensors") != null ? "sensors" : "asset")
                    + ": give only one of sensors, asset and all");
        }
        if (body.get("sensors") != null) {
            if (!(body.get("sensors") instanceof List<?> list) || list.isEmpty()) {
                throw ApiException.badRequest("sensors: expected a non-empty array of sensor ids");
            }
            Set<String> seen = new LinkedHashSet<>();
            for (int i = 0; i < list.size(); i++) {
                if (!(list.get(i) instanceof String id)) {
                    throw ApiException.badRequest("sensors[" + i + "]: expected a sensor id (a string), got " + list.get(i));
                }
                if (assets.findSensor(id).isEmpty()) {
                    throw ApiException.badRequest("sensors[" + i + "]: unknown sensor '" + id + "'");
                }
                if (!seen.add(id)) {
                    throw ApiException.badRequest("sensors[" + i + "]: '" + id + "' is listed twice");
                }
            }
            sensors.addAll(seen);
            return "sensors";
        }
        if (body.get("asset") != null) {
            if (!(body.get("asset") instanceof String asset)) {
                throw ApiException.badRequest("asset: expected an asset id (a string)");
            }
            if (assets.findAsset(asset).isEmpty()) {
                throw ApiException.badRequest("asset: unknown asset '" + asset + "'");
            }
            assets.sensors(asset).forEach(s -> sensors.add(s.id()));
            if (sensors.isEmpty()) {
                throw ApiException.badRequest("asset: asset '" + asset + "' has no sensors");
            }
            return "asset " + asset;
        }
        if (!Boolean.TRUE.equals(body.get("all"))) {
            throw ApiException.badRequest("all: must be true (to train every sensor), got " + body.get("all"));
        }
        for (Sensor s : assets.sensors(null)) {
            sensors.add(s.id());
        }
        if (sensors.isEmpty()) {
            throw ApiException.badRequest("all: the store has no sensors");
        }
        return "all sensors";
    }

    /** The defaults with the request's options applied; what was set goes to {@code settings}. */
    private TrainingOptions options(JobKind kind, Map<?, ?> options, Map<String, Object> settings) {
        Set<String> allowed = new LinkedHashSet<>(COMMON_OPTIONS);
        allowed.addAll(kind == JobKind.DETECTOR ? DETECTOR_OPTIONS : FORECASTER_OPTIONS);
        for (Object key : options.keySet()) {
            if (!allowed.contains(String.valueOf(key))) {
                throw ApiException.badRequest("options." + key + ": unknown option for a " + kind.label() + " job; it takes "
                        + allowed);
            }
        }
        TrainingOptions o = defaults;
        if (kind == JobKind.DETECTOR) {
            String predictor = text(options, "predictor", o.predictor());
            if (!Predictors.NAMES.contains(predictor) && !predictor.equals("telemanom")) {
                throw ApiException.badRequest("options.predictor: must be one of " + Predictors.NAMES + ", got '"
                        + predictor + "'");
            }
            o = o.withPredictor(predictor);
            settings.put("predictor", predictor);
            if (options.get("accept_constant") != null) {
                if (!(options.get("accept_constant") instanceof Boolean accept)) {
                    throw ApiException.badRequest("options.accept_constant: expected true or false");
                }
                o = o.withAcceptConstant(accept);
                settings.put("accept_constant", accept);
            }
            if (options.get("threshold") != null || options.get("threshold_risk") != null) {
                Object risk = options.get("threshold_risk");
                if (risk != null && !(risk instanceof Number)) {
                    throw ApiException.badRequest("options.threshold_risk: expected a number, got " + risk);
                }
                try {
                    o = o.withTelemanom(o.telemanom().withThreshold(ThresholdChoice.of(o.telemanom().threshold(),
                            text(options, "threshold", null), risk == null ? null : ((Number) risk).doubleValue(),
                            "options.threshold", "options.threshold_risk")));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                settings.put("threshold", o.telemanom().threshold().method().name().toLowerCase(java.util.Locale.ROOT));
                settings.put("threshold_risk", o.telemanom().threshold().risk());
            }
            if (options.get("imputation") != null || options.get("imputation_period") != null
                    || options.get("knn_k") != null || options.get("knn_context") != null) {
                try {
                    o = o.withImputation(ImputationChoice.of(text(options, "imputation", null),
                            nullableInteger(options, "imputation_period"), nullableInteger(options, "knn_k"),
                            nullableInteger(options, "knn_context"), "options.imputation", "options.imputation_period",
                            "options.knn_k", "options.knn_context"));
                } catch (IllegalArgumentException e) {
                    throw ApiException.badRequest(e.getMessage());
                }
                settings.put("imputation", text(options, "imputation", "linear"));
            }
        }
        GapPolicy policy = o.gapPolicy();
        if (options.get("gap_policy") != null) {
            try {
                policy = GapPolicy.parse(text(options, "gap_policy", null));
            } catch (IllegalArgumentException e) {
                throw ApiException.badRequest("options.gap_policy: " + e.getMessage());
            }
            if (kind == JobKind.FORECASTER && policy == GapPolicy.SPLIT) {
                throw ApiException.badRequest("options.gap_policy: forecasters read the latest readings as one stretch; "
                        + "use leave or interpolate");
            }
        }
        int maxGap = integer(options, "max_gap", o.maxGap(), 0, 1_000_000);
        o = o.withGaps(policy, maxGap);
        settings.put("gap_policy", policy.name().toLowerCase(java.util.Locale.ROOT));
        settings.put("max_gap", maxGap);
        if (options.get("until") != null) {
            String until = text(options, "until", null);
            try {
                o = o.withUntil(Instant.parse(until).toEpochMilli());
            } catch (DateTimeParseException e) {
                throw ApiException.badRequest("options.until: expected an ISO-8601 instant such as 2026-01-01T00:00:00Z, "
                        + "got '" + until + "'");
            }
            settings.put("until", until);
        }
        return o;
    }

    private long seed(Map<?, ?> options, Map<String, Object> settings) {
        Object v = options.get("seed");
        if (v == null) {
            return defaults.seed();
        }
        if (!(v instanceof Integer || v instanceof Long)) {
            throw ApiException.badRequest("options.seed: expected an integer, got " + v);
        }
        settings.put("seed", ((Number) v).longValue());
        return ((Number) v).longValue();
    }

    private static Map<?, ?> object(Object v, String field) {
        if (!(v instanceof Map<?, ?> m)) {
            throw ApiException.badRequest(field + ": expected a JSON object, got " + v);
        }
        return m;
    }

    private static String text(Map<?, ?> options, String key, String absent) {
        Object v = options.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof String s)) {
            throw ApiException.badRequest("options." + key + ": expected a string, got " + v);
        }
        return s;
    }

    private static Integer nullableInteger(Map<?, ?> options, String key) {
        Object v = options.get(key);
        if (v != null && !(v instanceof Integer)) {
            throw ApiException.badRequest("options." + key + ": expected an integer, got " + v);
        }
        return (Integer) v;
    }

    private static int integer(Map<?, ?> options, String key, int absent, int min, int max) {
        Object v = options.get(key);
        if (v == null) {
            return absent;
        }
        if (!(v instanceof Integer i)) {
            throw ApiException.badRequest("options." + key + ": expected an integer, got " + v);
        }
        if (i < min || i > max) {
            throw ApiException.badRequest("options." + key + ": must be " + min + "-" + max + ", got " + i);
        }
        return i;
    }
}
