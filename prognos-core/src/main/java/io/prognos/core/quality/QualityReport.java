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

    /**
     * This report with one check's CRITICAL finding lowered to POOR because a person decided to train
     * anyway (for example on a status signal that is constant by design); the reason is kept in the
     * check's details. Other checks, and a check that is not CRITICAL, are unchanged.
     */
    public QualityReport waive(String checkName, String reason) {
        return new QualityReport(subject, samples, checks.stream()
                .map(c -> c.name().equals(checkName) && c.level() == QualityLevel.CRITICAL
                        ? new QualityCheck(c.name(), QualityLevel.POOR, c.affected(), c.share(),
                        c.details() + " [waived: " + reason + "]")
                        : c)
                .toList());
    }

    /**
     * This report with one more check appended, e.g. {@link DataQualityChecker#imputed}; the existing
     * checks are unchanged.
     */
    public QualityReport with(QualityCheck check) {
        List<QualityCheck> all = new java.util.ArrayList<>(checks);
        all.add(check);
        return new QualityReport(subject, samples, all);
    }

    /** Why training is blocked: the CRITICAL checks' details, or an empty string. */
    public String blockingReasons() {
        return checks.stream().filter(c -> c.level() == QualityLevel.CRITICAL)
                .map(c -> c.name() + ": " + c.details()).collect(Collectors.joining("; "));
    }
}
