package io.prognos.server.web;

import io.prognos.core.asset.Limits;
import io.prognos.core.asset.Sensor;
import io.prognos.core.quality.QualityCheck;
import io.prognos.core.quality.QualityLevel;
import io.prognos.core.quality.QualityReport;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class RecentQualityTest {

    private static Sensor sensor(String id, Duration period) {
        return new Sensor(id, "A", id, "u", period, null, Limits.NONE, Limits.NONE);
    }

    private static RecentQuality.SensorQuality quality(String id, QualityCheck... checks) {
        return new RecentQuality.SensorQuality(sensor(id, Duration.ofMinutes(1)),
                checks.length == 0 ? null : new QualityReport(id, 100, List.of(checks)), 0, 1);
    }

    private static QualityCheck check(String name, QualityLevel level, double share) {
        return new QualityCheck(name, level, Math.round(share * 100), share, name);
    }

    @Test
    void worstLevelFirstThenMoreChecksAtItThenLargerShareThenId() {
        List<RecentQuality.SensorQuality> ranked = RecentQuality.worstFirst(List.of(
                quality("fine", check("gaps", QualityLevel.EXCELLENT, 0)),
                quality("silent"),
                quality("poor-small", check("gaps", QualityLevel.POOR, 0.06), check("outliers", QualityLevel.GOOD, 0.01)),
                quality("critical", check("stuck values", QualityLevel.CRITICAL, 1)),
                quality("poor-twice", check("gaps", QualityLevel.POOR, 0.06), check("outliers", QualityLevel.POOR, 0.04)),
                quality("poor-large", check("gaps", QualityLevel.POOR, 0.15)),
                quality("also-fine", check("gaps", QualityLevel.EXCELLENT, 0))));
        assertThat(ranked).extracting(q -> q.sensor().id()).containsExactly("critical", "poor-twice", "poor-large",
                "poor-small", "also-fine", "fine", "silent");
    }

    @Test
    void theWindowIsSevenDaysOrFewerForFastSensors() {
        assertThat(RecentQuality.window(sensor("slow", Duration.ofMinutes(1)))).isEqualTo(Duration.ofDays(7));
        assertThat(RecentQuality.window(sensor("fast", Duration.ofSeconds(1))))
                .isEqualTo(Duration.ofSeconds(RecentQuality.MAX_POINTS));
    }
}
