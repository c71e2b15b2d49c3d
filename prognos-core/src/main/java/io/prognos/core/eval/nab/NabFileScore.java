package io.prognos.core.eval.nab;

import java.util.List;
import java.util.Objects;

/**
 * The NAB score of one file under one profile.
 *
 * @param file            file key
 * @param rawScore        the file's raw score (window credits, minus missed windows, minus false positives)
 * @param detectedWindows scored windows with at least one detection
 * @param missedWindows   scored windows without a detection
 * @param falsePositives  detections outside every window (after the probationary period)
 * @param flaggedRows     the detections that were scored (rows after the probationary period), ascending
 */
public record NabFileScore(String file, double rawScore, int detectedWindows, int missedWindows, int falsePositives,
                           List<Integer> flaggedRows) {

    /** Copies the row list. */
    public NabFileScore {
        Objects.requireNonNull(file, "file");
        flaggedRows = List.copyOf(flaggedRows);
    }
}
