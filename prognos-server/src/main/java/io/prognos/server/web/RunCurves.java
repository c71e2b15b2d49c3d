package io.prognos.server.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * Per-step metric curves of one or more runs laid out for uPlot, which wants one shared x array per
 * chart: one chart per metric, x the union of the steps any run logged for it, and each run's values on
 * those steps, null where that run has no (finite) value. Serialised as JSON into the page, drawn by
 * {@code runs.js}.
 */
final class RunCurves {

    private RunCurves() {
    }

    /** One run's line on a chart. */
    record Series(String label, List<Double> values) {
    }

    /** One metric's chart. */
    record Chart(String metric, List<Integer> steps, List<Series> series) {
    }

    /**
     * @param labels one label per run, e.g. "A" and "B"
     * @param runs   per run: metric, then step, then value (NaN for a missing value)
     */
    static List<Chart> of(List<String> labels, List<Map<String, Map<Integer, Double>>> runs) {
        if (labels.size() != runs.size()) {
            throw new IllegalArgumentException(labels.size() + " labels for " + runs.size() + " runs");
        }
        TreeSet<String> metrics = new TreeSet<>();
        runs.forEach(r -> metrics.addAll(r.keySet()));
        List<Chart> charts = new ArrayList<>();
        for (String metric : metrics) {
            TreeSet<Integer> steps = new TreeSet<>();
            runs.forEach(r -> steps.addAll(r.getOrDefault(metric, Map.of()).keySet()));
            List<Series> series = new ArrayList<>();
            for (int i = 0; i < runs.size(); i++) {
                Map<Integer, Double> values = runs.get(i).get(metric);
                if (values == null) {
                    continue;
                }
                List<Double> aligned = new ArrayList<>(steps.size());
                for (int step : steps) {
                    Double v = values.get(step);
                    aligned.add(v == null || !Double.isFinite(v) ? null : v);
                }
                series.add(new Series(labels.get(i), aligned));
            }
            charts.add(new Chart(metric, List.copyOf(steps), series));
        }
        return charts;
    }

    /** The charts as JSON that is safe inside a {@code <script type="application/json">} element. */
    static String json(List<Chart> charts) {
        List<Map<String, Object>> out = new ArrayList<>();
        for (Chart c : charts) {
            Map<String, Object> chart = new LinkedHashMap<>();
            chart.put("metric", c.metric());
            chart.put("steps", c.steps());
            List<Map<String, Object>> series = new ArrayList<>();
            for (Series s : c.series()) {
                Map<String, Object> line = new LinkedHashMap<>();
                line.put("label", s.label());
                line.put("values", s.values());
                series.add(line);
            }
            chart.put("series", series);
            out.add(chart);
        }
        try {
            // "<" escaped, so that no value can close the script element
            return new com.fasterxml.jackson.databind.ObjectMapper().writeValueAsString(out).replace("<", "\\u003c");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("run curves did not serialise", e);
        }
    }
}
