package io.prognos.server.web;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * Two runs' parameters or final metrics side by side, for the compare view: every key either run has,
 * in run A's order and then run B's extra keys, with the rows that differ marked. Values compare by
 * their text, so that 10 read back as an integer equals 10 read back as a long; a key only one run has
 * counts as a difference.
 */
final class RunComparison {

    private RunComparison() {
    }

    /** One key: each run's value as text, or null when that run lacks the key. */
    record Row(String key, String a, String b, boolean differs) {
    }

    static List<Row> rows(Map<String, ?> a, Map<String, ?> b) {
        Set<String> keys = new LinkedHashSet<>(a.keySet());
        keys.addAll(b.keySet());
        List<Row> rows = new ArrayList<>();
        for (String key : keys) {
            String va = a.containsKey(key) ? String.valueOf(a.get(key)) : null;
            String vb = b.containsKey(key) ? String.valueOf(b.get(key)) : null;
            rows.add(new Row(key, va, vb, !Objects.equals(va, vb)));
        }
        return rows;
    }
}
