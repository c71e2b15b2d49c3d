package io.prognos.core.eval.nab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The scoring of the Numenta Anomaly Benchmark (Lavin &amp; Ahmad 2015, "Evaluating Real-time Anomaly
 * Detection Algorithms - the Numenta Anomaly Benchmark", and NAB's documentation), for one application
 * profile. Written from the paper's definitions so that Prognos's figures are comparable with NAB's
 * published scoreboard.
 *
 * <p><b>Rows.</b> Each row of a file gets a weight a detection there would earn:
 * <ul>
 *   <li>inside a window of {@code W} rows ending at row {@code e}, at row {@code i}: the relative position
 *       {@code y = -(e - i + 1) / W} (so -1 at the window's first row, just below 0 at its last) and the
 *       weight {@code A_TP * sigma(y) / sigma(-1)}, so the earliest detection earns exactly A_TP;</li>
 *   <li>after a window (width {@code W}, last row {@code e}) and before the next: {@code y = (i - e) / (W - 1)}
 *       and the weight {@code A_FP * sigma(y)}, which is negative and approaches {@code -A_FP} with distance;</li>
 *   <li>before the file's first window: {@code -A_FP}.</li>
 * </ul>
 * where {@code sigma(y) = 2 / (1 + e^(5y)) - 1} for {@code y < 3} and {@code -1} from 3 on
 * ({@link #scaledSigmoid}).
 *
 * <p><b>Detections.</b> Only the best (earliest) detection in a window counts; the others in the same
 * window count zero. A window without a detection costs {@code -A_FN}. Every detection outside the windows
 * adds its (negative) weight. The first {@code min(floor(0.15 n), 750)} rows of an {@code n}-row file are
 * the probationary period ({@link #probationLength}): detections there are ignored, and a window with no
 * row after it neither earns nor costs anything.
 *
 * <p><b>Threshold.</b> A detector emits a score in [0, 1] per row; a row is a detection when its score is
 * {@code >=} the threshold. {@link #optimiseThreshold} sweeps every distinct score over all files at once
 * (from "nothing flagged" downwards) and keeps the threshold with the highest corpus raw score, the first
 * (highest) one on ties, as NAB does.
 *
 * <p><b>Normalisation.</b> The corpus raw score {@code S} (the sum over files) is reported as
 * {@code 100 (S - S_null) / (S_perfect - S_null)}, where the null detector flags nothing and the perfect
 * one flags exactly the first row of each window (earning A_TP per window).
 */
public final class NabScorer {

    /** Fraction of each file in the probationary period. */
    public static final double PROBATION_FRACTION = 0.15;
    /** NAB caps the probationary period at 15 % of 5,000 rows. */
    public static final int PROBATION_CAP = 750;
    /** The threshold reported when flagging nothing scores best (above every score in [0, 1]), as NAB. */
    public static final double NOTHING_FLAGGED = 1.1;

    private static final double MAX_TP = scaledSigmoid(-1.0);

    private final NabProfile profile;

    /** A scorer for one profile. */
    public NabScorer(NabProfile profile) {
        this.profile = Objects.requireNonNull(profile, "profile");
    }

    public NabProfile profile() {
        return profile;
    }

    /** Rows at the start of an {@code rows}-row file whose detections are ignored: {@code min(floor(0.15 rows), 750)}. */
    public static int probationLength(int rows) {
        return (int) Math.min(Math.floor(PROBATION_FRACTION * rows), PROBATION_CAP);
    }

    /**
     * NAB's scaled sigmoid of a relative position: {@code 2 / (1 + e^(5 y)) - 1}, and exactly -1 for
     * {@code y >= 3} (detections far behind a window).
     */
    public static double scaledSigmoid(double relativePosition) {
        if (relativePosition >= 3.0) {
            return -1.0;
        }
        return 2.0 / (1.0 + Math.exp(5.0 * relativePosition)) - 1.0;
    }

    /**
     * The weight a detection at each row of the file would earn (see the class comment), before the
     * window rule (only the best detection in a window counts) is applied.
     */
    public double[] rowWeights(NabFile file) {
        double[] weight = new double[file.rows()];
        int[] window = rowWindows(file);
        NabWindow previous = null;
        for (int i = 0; i < file.rows(); i++) {
            if (window[i] >= 0) {
                NabWindow w = file.windows().get(window[i]);
                double position = -(double) (w.last() - i + 1) / w.width();
                weight[i] = scaledSigmoid(position) * profile.tpWeight() / MAX_TP;
                if (i == w.last()) {
                    previous = w;
                }
            } else if (previous == null) {
                weight[i] = -profile.fpWeight();
            } else {
                // a one-row window gives 1/0 = infinity here, i.e. sigma = -1
                double position = (double) (i - previous.last()) / (previous.width() - 1);
                weight[i] = scaledSigmoid(position) * profile.fpWeight();
            }
        }
        return weight;
    }

    /** For each row, the index of its window in {@link NabFile#windows()}, or -1 outside every window. */
    public static int[] rowWindows(NabFile file) {
        int[] window = new int[file.rows()];
        Arrays.fill(window, -1);
        for (int k = 0; k < file.windows().size(); k++) {
            NabWindow w = file.windows().get(k);
            Arrays.fill(window, w.first(), w.last() + 1, k);
        }
        return window;
    }

    /** Windows with at least one row after the probationary period: the ones that earn or cost. */
    public static int scoredWindows(NabFile file) {
        int probation = probationLength(file.rows());
        int n = 0;
        for (NabWindow w : file.windows()) {
            if (w.last() >= probation) {
                n++;
            }
        }
        return n;
    }

    /**
     * Scores one file given the rows a detector flagged (any order, duplicates and probationary rows
     * allowed; probationary ones are ignored).
     */
    public NabFileScore scoreFile(NabFile file, int[] flaggedRows) {
        int probation = probationLength(file.rows());
        double[] weight = rowWeights(file);
        int[] window = rowWindows(file);
        int[] rows = Arrays.stream(flaggedRows).distinct().sorted().toArray();
        double[] best = new double[file.windows().size()];
        Arrays.fill(best, Double.NaN);
        double falsePositiveSum = 0;
        int falsePositives = 0;
        List<Integer> scored = new ArrayList<>();
        for (int r : rows) {
            if (r < 0 || r >= file.rows()) {
                throw new IllegalArgumentException(file.name() + ": flagged row " + r + " is outside 0.." + (file.rows() - 1));
            }
            if (r < probation) {
                continue;
            }
            scored.add(r);
            int k = window[r];
            if (k < 0) {
                falsePositiveSum += weight[r];
                falsePositives++;
            } else if (Double.isNaN(best[k]) || weight[r] > best[k]) {
                best[k] = weight[r];
            }
        }
        double raw = falsePositiveSum;
        int detected = 0;
        int missed = 0;
        for (int k = 0; k < best.length; k++) {
            if (file.windows().get(k).last() < probation) {
                continue;
            }
            if (Double.isNaN(best[k])) {
                raw -= profile.fnWeight();
                missed++;
            } else {
                raw += Math.max(best[k], -profile.fnWeight());
                detected++;
            }
        }
        return new NabFileScore(file.name(), raw, detected, missed, falsePositives, scored);
    }

    /** Raw corpus score of the detector that flags nothing: {@code -A_FN} per scored window. */
    public double nullScore(List<NabFile> files) {
        double s = 0;
        for (NabFile f : files) {
            s += scoreFile(f, new int[0]).rawScore();
        }
        return s;
    }

    /** Raw corpus score of the detector that flags exactly the first row of each window. */
    public double perfectScore(List<NabFile> files) {
        double s = 0;
        for (NabFile f : files) {
            s += scoreFile(f, f.windows().stream().mapToInt(NabWindow::first).toArray()).rawScore();
        }
        return s;
    }

    /** NAB's normalisation: 100 at the perfect detector's raw score, 0 at the null detector's. */
    public static double normalise(double raw, double nullRaw, double perfectRaw) {
        if (!(perfectRaw > nullRaw)) {
            throw new IllegalArgumentException("the corpus has no scored window: perfect " + perfectRaw + " <= null " + nullRaw);
        }
        return 100.0 * (raw - nullRaw) / (perfectRaw - nullRaw);
    }

    /**
     * NAB's threshold sweep over all files at once: every distinct anomaly score (descending) is tried as
     * a threshold, starting from {@link #NOTHING_FLAGGED}; the highest raw corpus score wins, the higher
     * threshold on ties.
     *
     * @param files  the corpus
     * @param scores one array of anomaly scores in [0, 1] per file, as long as the file
     */
    public NabThreshold optimiseThreshold(List<NabFile> files, List<double[]> scores) {
        checkScores(files, scores);
        int total = 0;
        for (NabFile f : files) {
            total += f.rows() - probationLength(f.rows());
        }
        double[] score = new double[total];
        double[] weight = new double[total];
        int[] windowId = new int[total];
        int n = 0;
        int windowBase = 0;
        double running = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            NabFile f = files.get(fi);
            double[] w = rowWeights(f);
            int[] win = rowWindows(f);
            for (int i = probationLength(f.rows()); i < f.rows(); i++) {
                score[n] = scores.get(fi)[i];
                weight[n] = w[i];
                windowId[n] = win[i] < 0 ? -1 : windowBase + win[i];
                n++;
            }
            windowBase += f.windows().size();
        }
        double[] best = new double[windowBase];
        // only windows with a row after the probation appear in the sweep; the others never cost anything
        Arrays.fill(best, 0.0);
        for (int k = 0; k < n; k++) {
            if (windowId[k] >= 0 && best[windowId[k]] == 0.0) {
                best[windowId[k]] = -profile.fnWeight();
            }
        }
        for (double b : best) {
            running += b;
        }
        Integer[] order = new Integer[n];
        for (int k = 0; k < n; k++) {
            order[k] = k;
        }
        Arrays.sort(order, (a, b) -> Double.compare(score[b], score[a]));
        double bestScore = running;
        double bestThreshold = NOTHING_FLAGGED;
        int k = 0;
        while (k < n) {
            double level = score[order[k]];
            while (k < n && score[order[k]] == level) {
                int row = order[k++];
                int id = windowId[row];
                if (id < 0) {
                    running += weight[row];
                } else if (weight[row] > best[id]) {
                    running += weight[row] - best[id];
                    best[id] = weight[row];
                }
            }
            if (running > bestScore) {
                bestScore = running;
                bestThreshold = level;
            }
        }
        return new NabThreshold(bestThreshold, bestScore);
    }

    /**
     * The full NAB evaluation of one detector under this profile: the threshold sweep, the detections at
     * the chosen threshold, per-file and corpus raw scores, and the normalised score.
     */
    public NabProfileResult evaluate(List<NabFile> files, List<double[]> scores) {
        NabThreshold threshold = optimiseThreshold(files, scores);
        List<NabFileScore> fileScores = new ArrayList<>();
        double raw = 0;
        for (int fi = 0; fi < files.size(); fi++) {
            double[] s = scores.get(fi);
            int[] flagged = java.util.stream.IntStream.range(0, s.length).filter(i -> s[i] >= threshold.threshold()).toArray();
            NabFileScore fs = scoreFile(files.get(fi), flagged);
            fileScores.add(fs);
            raw += fs.rawScore();
        }
        double nullRaw = nullScore(files);
        double perfectRaw = perfectScore(files);
        return new NabProfileResult(profile, threshold.threshold(), raw, nullRaw, perfectRaw,
                normalise(raw, nullRaw, perfectRaw), fileScores);
    }

    private static void checkScores(List<NabFile> files, List<double[]> scores) {
        if (files.size() != scores.size()) {
            throw new IllegalArgumentException(files.size() + " files but " + scores.size() + " score arrays");
        }
        for (int fi = 0; fi < files.size(); fi++) {
            double[] s = scores.get(fi);
            NabFile f = files.get(fi);
            if (s.length != f.rows()) {
                throw new IllegalArgumentException(f.name() + ": " + f.rows() + " rows but " + s.length + " scores");
            }
            for (int i = 0; i < s.length; i++) {
                if (!(s[i] >= 0 && s[i] <= 1)) {
                    throw new IllegalArgumentException(f.name() + ": row " + i + " has anomaly score " + s[i] + ", outside [0, 1]");
                }
            }
        }
    }
}
