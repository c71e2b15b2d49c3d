package io.prognos.core.detect.predict;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An ensemble: several predictors trained on the same series with the same seed, whose one-step
 * predictions are averaged. Two different models (an LSTM and a ridge regression) rarely make the
 * same spurious error at the same moment, so averaging lowers the error noise that Telemanom's
 * thresholds would otherwise flag, while a real anomaly, which neither model expects, still stands out.
 *
 * <p>Its training report carries the first member's loss curves; its validation loss is the
 * ensemble's own one-step mean squared error on the windows all members held out (they share the
 * seeded split), so it is a held-out figure of the averaged prediction.
 */
public final class AveragingPredictorTrainer implements PredictorTrainer {

    private static final byte[] MAGIC = {'P', 'R', 'G', 'A', 'V', 'G', '0', '1'};

    private final List<PredictorTrainer> members;
    private final double validationFraction;

    /** @param validationFraction the share of windows every member holds out with its seeded split */
    public AveragingPredictorTrainer(List<PredictorTrainer> members, double validationFraction) {
        this.validationFraction = validationFraction;
        if (members.size() < 2) {
            throw new IllegalArgumentException("an ensemble needs at least two predictors, got " + members.size());
        }
        this.members = List.copyOf(members);
    }

    @Override
    public String name() {
        return String.join("+", members.stream().map(PredictorTrainer::name).toList());
    }

    @Override
    public TrainedPredictor train(double[][] rows, long seed, TrainingListener listener) {
        long started = System.nanoTime();
        List<TrainedPredictor> trained = new ArrayList<>();
        try {
            for (PredictorTrainer member : members) {
                trained.add(member.train(rows, seed, trained.isEmpty() ? listener : TrainingListener.NONE));
            }
            TrainedPredictor first = trained.get(0);
            WindowedSeries series = new WindowedSeries(rows, first.windowLength(), first.predictionSteps());
            int[] validation = series.shuffledSplit(seed, validationFraction).validation();
            Averaged ensemble = new Averaged(trained, null);
            double heldOut = Double.NaN;
            if (validation.length > 0) {
                double[] predictions = ensemble.predictNext(rows);
                double sum = 0;
                for (int w : validation) {
                    double d = predictions[w] - series.target(w, 0);
                    sum += d * d;
                }
                heldOut = sum / validation.length;
            }
            TrainingReport r = first.report();
            TrainingReport report = new TrainingReport(name(), r.trainWindows(), r.validationWindows(), r.epochs(),
                    r.stoppedEarly(), r.trainLosses(), r.validationLosses(), heldOut, (System.nanoTime() - started) / 1e9);
            return new Averaged(trained, report);
        } catch (RuntimeException e) {
            trained.forEach(TrainedPredictor::close);
            throw e;
        }
    }

    @Override
    public TrainedPredictor restore(byte[] parameters) {
        List<TrainedPredictor> restored = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(parameters))) {
            byte[] magic = new byte[MAGIC.length];
            in.readFully(magic);
            if (!Arrays.equals(magic, MAGIC)) {
                throw new IllegalArgumentException("not ensemble parameters (bad magic bytes)");
            }
            int count = in.readInt();
            if (count != members.size()) {
                throw new IllegalArgumentException("the parameters hold " + count + " predictors, this ensemble has "
                        + members.size());
            }
            for (PredictorTrainer member : members) {
                int length = in.readInt();
                if (length < 0 || length > parameters.length) {
                    throw new IllegalArgumentException("corrupt ensemble parameters: member length " + length);
                }
                byte[] bytes = new byte[length];
                in.readFully(bytes);
                restored.add(member.restore(bytes));
            }
            return new Averaged(restored, null);
        } catch (EOFException e) {
            restored.forEach(TrainedPredictor::close);
            throw new IllegalArgumentException("ensemble parameters are truncated", e);
        } catch (IOException e) {
            restored.forEach(TrainedPredictor::close);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            restored.forEach(TrainedPredictor::close);
            throw e;
        }
    }

    /** The trained members, averaged. */
    private static final class Averaged implements TrainedPredictor {
        private final List<TrainedPredictor> members;
        private final TrainingReport report;

        Averaged(List<TrainedPredictor> members, TrainingReport report) {
            this.members = List.copyOf(members);
            this.report = report;
        }

        @Override
        public int windowLength() {
            return members.get(0).windowLength();
        }

        @Override
        public int predictionSteps() {
            return members.get(0).predictionSteps();
        }

        @Override
        public double[] predictNext(double[][] rows) {
            double[] sum = null;
            for (TrainedPredictor m : members) {
                double[] p = m.predictNext(rows);
                if (sum == null) {
                    sum = p.clone();
                } else {
                    for (int i = 0; i < sum.length; i++) {
                        sum[i] += p[i];
                    }
                }
            }
            for (int i = 0; i < sum.length; i++) {
                sum[i] /= members.size();
            }
            return sum;
        }

        @Override
        public TrainingReport report() {
            if (report == null) {
                throw new IllegalStateException("a restored predictor has no training record; see its model version");
            }
            return report;
        }

        @Override
        public byte[] parameters() {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (DataOutputStream out = new DataOutputStream(bytes)) {
                out.write(MAGIC);
                out.writeInt(members.size());
                for (TrainedPredictor m : members) {
                    byte[] p = m.parameters();
                    out.writeInt(p.length);
                    out.write(p);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        public void close() {
            members.forEach(TrainedPredictor::close);
        }
    }
}
