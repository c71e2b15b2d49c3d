package io.prognos.core.detect.stream;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/** The streaming detectors by name, for benchmarks and command lines; each call makes a fresh detector. */
public final class StreamingDetectors {

    private static final Map<String, Supplier<StreamingDetector>> BY_NAME = new LinkedHashMap<>();

    static {
        BY_NAME.put("windowed-gaussian", WindowedGaussianDetector::new);
        BY_NAME.put("surprise-likelihood", SurpriseLikelihoodDetector::new);
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
