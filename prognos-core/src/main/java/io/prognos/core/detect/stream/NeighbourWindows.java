package io.prognos.core.detect.stream;

import java.util.Comparator;
import java.util.PriorityQueue;

/**
 * The conformal kNN step the KNN-CAD detectors share at every time scale: a ring of the newest windows, the
 * non-conformity of a new window (the sum of its distances to its nearest stored windows, leaving out the newest
 * ones that overlap it) and its calibrated score {@code 1 - p}. Each window is stored after it is judged, so a
 * calibration value never used its own window for training. Not thread-safe.
 */
final class NeighbourWindows {

    private final double[][] windows;
    private final double[] distances;
    private final ScoreCalibrator calibration;
    private final int overlapping;
    private final int minTraining;
    private final int neighbours;
    private int count;
    private int next;

    /**
     * @param training    most windows compared with
     * @param overlapping newest stored windows that overlap the judged one and are left out
     * @param minTraining fewest comparable windows before any score
     * @param neighbours  nearest windows summed
     */
    NeighbourWindows(int training, int overlapping, int minTraining, int neighbours, ScoreCalibratorConfig calibration) {
        this.windows = new double[training + overlapping][];
        this.distances = new double[training];
        this.calibration = new ScoreCalibrator(calibration);
        this.overlapping = overlapping;
        this.minTraining = minTraining;
        this.neighbours = neighbours;
    }

    /** The calibrated score of {@code window} (0 until enough windows are stored), which is then stored. */
    double scoreAndAdd(double[] window) {
        double score = 0;
        if (count >= minTraining + overlapping) {
            int n = count - overlapping;
            for (int j = 0; j < n; j++) {
                distances[j] = squaredDistance(window, windows[Math.floorMod(next - count + j, windows.length)]);
            }
            score = calibration.calibrate(sumOfSmallestRoots(distances, n, neighbours));
        }
        windows[next] = window;
        next = (next + 1) % windows.length;
        count = Math.min(count + 1, windows.length);
        return score;
    }

    static double squaredDistance(double[] a, double[] b) {
        double sum = 0;
        for (int i = 0; i < a.length; i++) {
            double diff = a[i] - b[i];
            sum += diff * diff;
        }
        return sum;
    }

    /** Sum of the square roots of the {@code k} smallest of the first {@code n} values (partial selection). */
    static double sumOfSmallestRoots(double[] values, int n, int k) {
        // a bounded max-heap of the k smallest squared distances
        PriorityQueue<Double> heap = new PriorityQueue<>(k, Comparator.reverseOrder());
        for (int j = 0; j < n; j++) {
            double v = values[j];
            if (heap.size() < k) {
                heap.add(v);
            } else if (v < heap.peek()) {
                heap.poll();
                heap.add(v);
            }
        }
        double s = 0;
        for (double v : heap) {
            s += Math.sqrt(v);
        }
        return s;
    }
}
