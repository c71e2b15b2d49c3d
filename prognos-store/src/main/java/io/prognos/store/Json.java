package io.prognos.store;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/** JSON text of the small documents the store keeps in text columns (metrics, parameters). */
final class Json {

    private static final ObjectMapper MAPPER = new ObjectMapper().enable(SerializationFeature.ORDER_MAP_ENTRIES_BY_KEYS);

    private Json() {
    }

    static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value instanceof Map<?, ?> m ? new TreeMap<>(m) : value);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("cannot write as JSON: " + e.getMessage(), e);
        }
    }

    static Map<String, Double> readMetrics(String text) {
        return text == null ? Map.of() : read(text, new TypeReference<LinkedHashMap<String, Double>>() { });
    }

    static Map<String, Object> readObject(String text) {
        return text == null ? Map.of() : read(text, new TypeReference<LinkedHashMap<String, Object>>() { });
    }

    private static <T> T read(String text, TypeReference<T> type) {
        try {
            return MAPPER.readValue(text, type);
        } catch (JsonProcessingException e) {
            throw new StoreException("stored JSON is malformed: " + e.getOriginalMessage());
        }
    }
}
