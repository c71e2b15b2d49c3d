package io.prognos.core.eval.nab;

import java.util.List;

/**
 * A detector's NAB result for one profile: the chosen threshold, the raw corpus score, the null and
 * perfect detectors' raw scores and the normalised score
 * {@code 100 * (raw - null) / (perfect - null)} that NAB's scoreboard reports.
 *
 * @param profile      the profile
 * @param threshold    threshold chosen by the sweep (a row is flagged when its score is {@code >=} it)
 * @param rawScore     sum of the files' raw scores
 * @param nullScore    raw score of the detector that flags nothing
 * @param perfectScore raw score of the detector that flags exactly the first row of each window
 * @param score        normalised score (0 for the null detector, 100 for the perfect one)
 * @param files        per-file scores, in the order of the corpus
 */
public record NabProfileResult(NabProfile profile, double threshold, double rawScore, double nullScore,
                               double perfectScore, double score, List<NabFileScore> files) {

    /** Copies the file list. */
    public NabProfileResult {
        files = List.copyOf(files);
    }
}
