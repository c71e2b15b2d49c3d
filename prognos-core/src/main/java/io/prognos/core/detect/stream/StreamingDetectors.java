package io.prognos.core.detect.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * The streaming detectors by name, for benchmarks and command lines; each call makes a fresh detector.
 * {@code ensemble-mean}, {@code ensemble-max} and {@code ensemble-vote} combine the calibrated scores of
 * {@code windowed-gaussian}, {@code surprise-likelihood} and {@code knn-conformal} ({@link EnsembleDetector});
 * {@code knn-cad} is {@link KnnCadDetector}; {@code knn-cad-multiscale} is {@link MultiScaleKnnCadDetector};
 * {@code knn-cad-seasonal} is {@link SeasonalKnnCadDetector}; {@code knn-cad-range} is {@link RangeAwareKnnCadDetector};
 * {@code telemanom-linear} is the product's detector run as a stream
 * ({@link io.prognos.core.detect.telemanom.TelemanomStreamingDetector}).
 */
public final class StreamingDetectors {

    private static final Map<String, Supplier<StreamingDetector>> BY_NAME = new LinkedHashMap<>();

    /** The members of the {@code ensemble-*} detectors: the three single detectors with their defaults. */
    private static final List<Supplier<StreamingDetector>> ENSEMBLE_MEMBERS = List.of(WindowedGaussianDetector::new,
            SurpriseLikelihoodDetector::new, KnnConformalDetector::new);

    static {
        BY_NAME.put("windowed-gaussian", WindowedGaussianDetector::new);
        BY_NAME.put("surprise-likelihood", SurpriseLikelihoodDetector::new);
        BY_NAME.put("knn-conformal", KnnConformalDetector::new);
        BY_NAME.put("knn-cad", KnnCadDetector::new);
        BY_NAME.put("knn-cad-multiscale", MultiScaleKnnCadDetector::new);
        BY_NAME.put("knn-cad-seasonal", SeasonalKnnCadDetector::new);
        BY_NAME.put("knn-cad-range", RangeAwareKnnCadDetector::new);
        BY_NAME.put("telemanom-linear", io.prognos.core.detect.telemanom.TelemanomStreamingDetector::new);
        for (EnsembleConfig.Combination c : EnsembleConfig.Combination.values()) {
            EnsembleConfig config = EnsembleConfig.of(c);
            BY_NAME.put("ensemble-" + c.name().toLowerCase(java.util.Locale.ROOT), () -> EnsembleDetector.of(config,
                    ENSEMBLE_MEMBERS));
        }
    }

    private StreamingDetectors() {
    }

    /** Known names, in a stable order. */
    public static List<String> names() {
        return List.copyOf(BY_NAME.keySet());
    }

    /** A factory of fresh detectors of that name. */
    public static Supplier<StreamingDetector> byName(String name) {
        Supplier<StreamingDetector> s = BY_NAME.get(name);
        if (s == null) {
            throw new IllegalArgumentException("unknown streaming detector '" + name + "'; known: " + String.join(", ", names()));
        }
        return s;
    }
}
