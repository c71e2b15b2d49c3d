package io.prognos.server.web;

import org.junit.jupiter.api.Test;

import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

import static org.assertj.core.api.Assertions.assertThat;

class RunCurvesTest {

    private static Map<Integer, Double> steps(double... values) {
        Map<Integer, Double> m = new TreeMap<>();
        for (int i = 0; i < values.length; i++) {
            m.put(i + 1, values[i]);
        }
        return m;
    }

    @Test
    void oneChartPerMetricOnTheUnionOfStepsWithNullsWhereARunHasNoValue() {
        List<RunCurves.Chart> charts = RunCurves.of(List.of("A", "B"), List.of(
                Map.of("loss", steps(3, 2, 1), "val_loss", steps(4, Double.NaN)),
                Map.of("loss", steps(5, 4, 3, 2, 1))));
        assertThat(charts).extracting(RunCurves.Chart::metric).containsExactly("loss", "val_loss");
        RunCurves.Chart loss = charts.get(0);
        assertThat(loss.steps()).containsExactly(1, 2, 3, 4, 5);
        assertThat(loss.series().get(0).values()).containsExactly(3.0, 2.0, 1.0, null, null);
        assertThat(loss.series().get(1).values()).containsExactly(5.0, 4.0, 3.0, 2.0, 1.0);
        RunCurves.Chart val = charts.get(1);
        assertThat(val.series()).singleElement().satisfies(s -> {
            assertThat(s.label()).isEqualTo("A");
            assertThat(s.values()).containsExactly(4.0, null);
        });
    }

    @Test
    void theJsonCannotCloseTheScriptElement() {
        String json = RunCurves.json(RunCurves.of(List.of("</script><b>"), List.of(Map.of("m", steps(1)))));
        assertThat(json).doesNotContain("<").contains("\\u003c/script>");
        assertThat(json).isEqualTo("[{\"metric\":\"m\",\"steps\":[1],\"series\":[{\"label\":"
                + "\"\\u003c/script>\\u003cb>\",\"values\":[1.0]}]}]");
    }

    @Test
    void parametersSideBySideMarkDifferencesAndMissingKeys() {
        Map<String, Object> a = new java.util.LinkedHashMap<>();
        a.put("epochs", 10);
        a.put("lr", 0.001);
        a.put("window", 250);
        Map<String, Object> b = new java.util.LinkedHashMap<>();
        b.put("epochs", 10L);
        b.put("lr", 0.01);
        b.put("dropout", 0.3);
        List<RunComparison.Row> rows = RunComparison.rows(a, b);
        assertThat(rows).extracting(RunComparison.Row::key).containsExactly("epochs", "lr", "window", "dropout");
        assertThat(rows).extracting(RunComparison.Row::differs).containsExactly(false, true, true, true);
        assertThat(rows.get(2).b()).isNull();
        assertThat(rows.get(3).a()).isNull();
        assertThat(Arrays.asList(rows.get(1).a(), rows.get(1).b())).containsExactly("0.001", "0.01");
    }
}
