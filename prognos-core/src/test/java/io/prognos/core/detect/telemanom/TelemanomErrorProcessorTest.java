package io.prognos.core.detect.telemanom;

import io.prognos.core.detect.AnomalySequence;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Error processing on generated predictions with known error bursts, in a small configuration. */
class TelemanomErrorProcessorTest {

    /** l_s 10, 2 steps ahead, batches of 20, 5 batches of history, buffer 5 (EWMA span 5). */
    private static final TelemanomConfig SMALL = TelemanomConfig.defaults()
            .withWindow(10, 2)
            .withErrorProcessing(20, 5, 5);

    private static double[] telemetry(int length) {
        double[] values = new double[length];
        for (int i = 0; i < length; i++) {
            values[i] = Math.sin(i / 7.0);
        }
        return values;
    }

    /** Predictions off by a small wobble, and by 1.0 on error indices [from, to). */
    private static double[] predictions(double[] telemetry, TelemanomConfig config, int from, int to) {
        int count = telemetry.length - config.windowLength() - config.predictionSteps();
        double[] p = new double[count];
        for (int t = 0; t < count; t++) {
            double wobble = 0.01 + 0.005 * Math.sin(t * 1.3);
            p[t] = telemetry[t + config.windowLength()] + wobble + (t >= from && t < to ? 1.0 : 0.0);
        }
        return p;
    }

    @Test
    void findsOneSequenceAroundAnErrorBurstInSeriesIndices() {
        double[] values = telemetry(412);
        ErrorAnalysis analysis = new TelemanomErrorProcessor(SMALL)
                .analyse(values, predictions(values, SMALL, 200, 210));
        List<AnomalySequence> sequences = analysis.sequences();
        assertThat(sequences).hasSize(1);
        AnomalySequence s = sequences.get(0);
        // error index t is series index t + l_s. The burst starts exactly where the window [120, 220) begins
        // judging its newest batch, so the backward buffer cannot reach the values [195, 200) that the
        // previous window already judged: the sequence starts at the burst.
        assertThat(s.start()).isEqualTo(200 + 10);
        assertThat(s.end()).isGreaterThanOrEqualTo(209 + 10 + 5);
        assertThat(s.end()).isLessThan(209 + 10 + 40);
        assertThat(s.score()).isGreaterThan(1.0);
        assertThat(analysis.firstIndex()).isEqualTo(10);
        assertThat(analysis.errors()).hasSize(400);
    }

    @Test
    void bufferWidensBackwardInsideTheBatchBeingJudged() {
        double[] values = telemetry(412);
        ErrorAnalysis analysis = new TelemanomErrorProcessor(SMALL).analyse(values, predictions(values, SMALL, 207, 212));
        assertThat(analysis.sequences()).hasSize(1);
        // the smoothed error crosses the threshold at or just after the burst's first value (the EWMA needs a
        // step to rise); the buffer of 5 then reaches back before the burst, but never past 5 values
        assertThat(analysis.sequences().get(0).start()).isBetween(207 - 5 + 10L, 207 - 1 + 10L);
    }

    @Test
    void throughNewestJudgesTheNewestValuesThatTheBatchLayoutLeavesForLater() {
        double[] values = telemetry(412);
        // a burst on the last two values: the batch layout stops 2 (prediction steps) before the end, so it
        // does not see them yet; judged through the newest, the burst is a sequence ending at the last value
        int count = values.length - SMALL.windowLength();
        double[] p = new double[count];
        for (int t = 0; t < count; t++) {
            p[t] = values[t + SMALL.windowLength()] + 0.01 + 0.005 * Math.sin(t * 1.3) + (t >= count - 2 ? 1.0 : 0.0);
        }
        TelemanomErrorProcessor processor = new TelemanomErrorProcessor(SMALL);
        ErrorAnalysis live = processor.analyseThroughNewest(values, p);
        assertThat(live.errors()).hasSize(count);
        assertThat(live.sequences()).hasSize(1);
        assertThat(live.sequences().get(0).end()).isEqualTo(values.length - 1);
        assertThat(live.sequences().get(0).start()).isBetween(values.length - 2 - 5L, values.length - 2L);
        ErrorAnalysis batch = processor.analyse(values, java.util.Arrays.copyOf(p, count - SMALL.predictionSteps()));
        assertThat(batch.sequences()).isEmpty();
        // the same errors before the tail give the same verdicts as the batch layout
        double[] quiet = predictions(values, SMALL, 200, 210);
        double[] quietThrough = java.util.Arrays.copyOf(quiet, count);
        for (int t = quiet.length; t < count; t++) {
            quietThrough[t] = values[t + SMALL.windowLength()] + 0.01;
        }
        assertThat(processor.analyseThroughNewest(values, quietThrough).sequences().get(0).start())
                .isEqualTo(processor.analyse(values, quiet).sequences().get(0).start());
        assertThatThrownBy(() -> processor.analyseThroughNewest(values, quiet))
                .hasMessageContaining("expected " + count + " predictions");
    }

    @Test
    void quietSeriesHasNoSequences() {
        double[] values = telemetry(412);
        ErrorAnalysis analysis = new TelemanomErrorProcessor(SMALL).analyse(values, predictions(values, SMALL, 0, 0));
        assertThat(analysis.sequences()).isEmpty();
    }

    @Test
    void lowErrorsAreFoundThroughTheInvertedErrors() {
        // errors normally around 0.5 drop to ~0 for a stretch: only the mirrored errors can flag it
        double[] values = telemetry(412);
        int count = values.length - 12;
        double[] p = new double[count];
        for (int t = 0; t < count; t++) {
            double error = (t >= 250 && t < 290) ? 0.0 : 0.5 + 0.02 * Math.sin(t * 1.3);
            p[t] = values[t + 10] + error;
        }
        ErrorAnalysis analysis = new TelemanomErrorProcessor(SMALL).analyse(values, p);
        assertThat(analysis.sequences()).isNotEmpty();
        assertThat(analysis.sequences()).anySatisfy(s -> {
            assertThat(s.start()).isLessThanOrEqualTo(290 + 10);
            assertThat(s.end()).isGreaterThanOrEqualTo(250 + 10);
        });
    }

    /**
     * 435 errors in windows of 100 stepping by 20: the reference's last window judges only [415, 435), so
     * errors in [400, 415) are judged by no window. The default scope judges them.
     */
    @Test
    void defaultScopeJudgesTheValuesTheReferenceSkipsBeforeTheLastBatch() {
        double[] values = telemetry(435 + 12);
        double[] p = predictions(values, SMALL, 403, 409);
        List<AnomalySequence> reference = new TelemanomErrorProcessor(
                SMALL.withBatchScope(TelemanomConfig.BatchScope.REFERENCE_LAST_BATCH)).analyse(values, p).sequences();
        List<AnomalySequence> unjudged = new TelemanomErrorProcessor(SMALL).analyse(values, p).sequences();
        assertThat(reference).isEmpty();
        assertThat(unjudged).hasSize(1);
        assertThat(unjudged.get(0).start()).isEqualTo(400 + 10);
        assertThat(unjudged.get(0).end()).isGreaterThanOrEqualTo(408 + 10);
    }

    @Test
    void rejectsWrongPredictionCountAndNonFiniteErrors() {
        double[] values = telemetry(412);
        TelemanomErrorProcessor processor = new TelemanomErrorProcessor(SMALL);
        assertThatThrownBy(() -> processor.analyse(values, new double[399]))
                .hasMessageContaining("expected 400 predictions");
        double[] p = predictions(values, SMALL, 0, 0);
        p[17] = Double.NaN;
        assertThatThrownBy(() -> processor.analyse(values, p)).hasMessageContaining("series index 27");
        assertThatThrownBy(() -> processor.analyse(new double[12], new double[0])).hasMessageContaining("too short");
    }

    @Test
    void warmUpOfTheSmoothedErrorsIsTheMeanOfTwiceTheWindow() {
        double[] errors = new double[100];
        for (int i = 0; i < errors.length; i++) {
            errors[i] = i;
        }
        double[] smoothed = new TelemanomErrorProcessor(SMALL).smooth(errors);
        double[] raw = Stats.ewma(errors, SMALL.smoothingSpan());
        double mean = Stats.mean(raw, 20);
        for (int i = 0; i < 10; i++) {
            assertThat(smoothed[i]).isEqualTo(mean);
        }
        assertThat(smoothed[10]).isEqualTo(raw[10]);
    }
}
