package io.prognos.core.quality;

import java.util.List;
import java.util.stream.Collectors;

/** All checks of one series; the overall level is the worst check's. */
public record QualityReport(String subject, long samples, List<QualityCheck> checks) {

    public QualityReport {
        checks = List.copyOf(checks);
    }

    public QualityLevel level() {
        QualityLevel level = QualityLevel.EXCELLENT;
        for (QualityCheck c : checks) {
            level = level.worst(c.level());
        }
        return level;
    }

    /** CRITICAL data does not train models. */
    public boolean blocksTraining() {
        return level() == QualityLevel.CRITICAL;
    }

    /** Why training is blocked: the CRITICAL checks' details, or an empty string. */
    public String blockingReasons() {
        return checks.stream().filter(c -> c.level() == QualityLevel.CRITICAL)
                .map(c -> c.name() + ": " + c.details()).collect(Collectors.joining("; "));
    }
}
