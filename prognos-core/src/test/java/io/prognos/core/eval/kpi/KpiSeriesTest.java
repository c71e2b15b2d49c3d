package io.prognos.core.eval.kpi;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class KpiSeriesTest {

    private static final long HOUR = 3_600_000L;
    private static final long DAY = 24 * HOUR;

    private static LabelledEvent ev(long ts, double score, boolean anomaly, boolean flagged) {
        return new LabelledEvent(ts, score, anomaly, flagged);
    }

    @Test
    void dailyBucketsHoldHandComputedCountsAndKeepEmptyDays() {
        long d0 = Instant.parse("2024-03-10T00:00:00Z").toEpochMilli();
        List<LabelledEvent> events = List.of(
                // day 0: tp, fp, fn, tn -> precision 1/2, recall 1/2, F1 1/2;
                // scores: anomalies {0.9, 0.3}, normal {0.8, 0.1}: pairs 1, 1, 0, 1 -> AUC 0.75
                ev(d0 + 1 * HOUR, 0.9, true, true),
                ev(d0 + 2 * HOUR, 0.8, false, true),
                ev(d0 + 3 * HOUR, 0.3, true, false),
                ev(d0 + DAY - 1, 0.1, false, false),
                // exactly on the boundary of day 1: belongs to day 1, not day 0
                ev(d0 + DAY, 0.7, true, true),
                ev(d0 + DAY + 5 * HOUR, 0.6, true, true),
                // day 2: nothing; day 3: one normal event, flagged
                ev(d0 + 3 * DAY + HOUR, 0.95, false, true));

        KpiSeries series = KpiSeries.of(events, Duration.ofDays(1));

        assertThat(series.bucketWidthMillis()).isEqualTo(DAY);
        assertThat(series.outOfRange()).isZero();
        assertThat(series.buckets()).extracting(KpiBucket::startMillis)
                .containsExactly(d0, d0 + DAY, d0 + 2 * DAY, d0 + 3 * DAY);
        assertThat(series.buckets()).extracting(KpiBucket::endMillis)
                .containsExactly(d0 + DAY, d0 + 2 * DAY, d0 + 3 * DAY, d0 + 4 * DAY);

        KpiBucket day0 = series.buckets().get(0);
        assertThat(day0.confusion()).isEqualTo(new ConfusionMatrix(1, 1, 1, 1));
        assertThat(day0.precision()).hasValue(0.5);
        assertThat(day0.recall()).hasValue(0.5);
        assertThat(day0.f1()).hasValue(0.5);
        assertThat(day0.auc().getAsDouble()).isCloseTo(0.75, within(1e-12));
        assertThat(day0.start()).isEqualTo(Instant.parse("2024-03-10T00:00:00Z"));

        KpiBucket day1 = series.buckets().get(1);
        assertThat(day1.confusion()).isEqualTo(new ConfusionMatrix(2, 0, 0, 0));
        assertThat(day1.precision()).hasValue(1.0);
        assertThat(day1.auc()).as("only anomalies: no AUC").isEmpty();

        KpiBucket day2 = series.buckets().get(2);
        assertThat(day2.isEmpty()).isTrue();
        assertThat(day2.eventCount()).isZero();
        assertThat(day2.precision()).isEmpty();
        assertThat(day2.recall()).isEmpty();
        assertThat(day2.f1()).isEmpty();
        assertThat(day2.auc()).isEmpty();

        KpiBucket day3 = series.buckets().get(3);
        assertThat(day3.confusion()).isEqualTo(new ConfusionMatrix(0, 1, 0, 0));
        assertThat(day3.precision()).hasValue(0.0);
        assertThat(day3.recall()).isEmpty();
        assertThat(day3.f1()).hasValue(0.0);

        assertThat(series.total()).isEqualTo(new ConfusionMatrix(3, 2, 1, 1));
    }

    @Test
    void explicitRangeReportsEveryOverlappingBucketAndCountsTheRestAsOutOfRange() {
        long d0 = 20 * DAY;
        List<LabelledEvent> events = List.of(
                ev(d0 - 1, 0.5, true, true),          // day -1: outside
                ev(d0 + 2 * DAY + 1, 0.5, false, false), // day 2: inside
                ev(d0 + 4 * DAY, 0.5, false, true));  // day 4 == to: outside (to is exclusive)
        // from the middle of day 0 to the start of day 4: days 0..3 overlap
        KpiSeries series = KpiSeries.of(events, Duration.ofDays(1), d0 + 6 * HOUR, d0 + 4 * DAY);
        assertThat(series.buckets()).extracting(KpiBucket::startMillis)
                .containsExactly(d0, d0 + DAY, d0 + 2 * DAY, d0 + 3 * DAY);
        assertThat(series.buckets()).extracting(KpiBucket::isEmpty).containsExactly(true, true, false, true);
        assertThat(series.buckets().get(2).confusion()).isEqualTo(new ConfusionMatrix(0, 0, 0, 1));
        assertThat(series.outOfRange()).isEqualTo(2);
    }

    @Test
    void timestampsBeforeTheEpochFloorIntoTheirBucket() {
        KpiSeries series = KpiSeries.of(List.of(ev(-1, 0.2, true, true), ev(0, 0.1, false, false)),
                Duration.ofDays(1));
        assertThat(series.buckets()).extracting(KpiBucket::startMillis).containsExactly(-DAY, 0L);
        assertThat(series.buckets().get(0).confusion()).isEqualTo(new ConfusionMatrix(1, 0, 0, 0));
        assertThat(series.buckets().get(1).confusion()).isEqualTo(new ConfusionMatrix(0, 0, 0, 1));
    }

    @Test
    void weeksAlignToTheEpochThursdayByDefaultAndToMondayWithAnOrigin() {
        long monday = Instant.parse("2024-01-08T00:00:00Z").toEpochMilli();
        long tuesday = monday + DAY;
        List<LabelledEvent> events = List.of(ev(monday, 0.5, true, true), ev(tuesday, 0.5, false, false));

        KpiSeries epochWeeks = KpiSeries.of(events, Duration.ofDays(7), monday, monday + 2 * DAY);
        assertThat(epochWeeks.buckets()).hasSize(1);
        assertThat(epochWeeks.buckets().get(0).start()).isEqualTo(Instant.parse("2024-01-04T00:00:00Z")); // Thursday

        long mondayOrigin = 4 * DAY; // 1970-01-05 was a Monday
        KpiSeries mondayWeeks = KpiSeries.of(events, Duration.ofDays(7), monday - 1, monday + 2 * DAY, mondayOrigin);
        assertThat(mondayWeeks.buckets()).extracting(KpiBucket::start)
                .containsExactly(Instant.parse("2024-01-01T00:00:00Z"), Instant.parse("2024-01-08T00:00:00Z"));
        assertThat(mondayWeeks.buckets().get(0).isEmpty()).isTrue();
        assertThat(mondayWeeks.buckets().get(1).confusion()).isEqualTo(new ConfusionMatrix(1, 0, 0, 1));
        assertThat(mondayWeeks.buckets().get(1).auc()).hasValue(0.5);
    }

    @Test
    void noEventsWithoutARangeGiveNoBuckets() {
        assertThat(KpiSeries.of(List.of(), Duration.ofHours(1)).buckets()).isEmpty();
    }

    @Test
    void refusesBadWidthRangeAndEvents() {
        assertThatThrownBy(() -> KpiSeries.of(List.of(), Duration.ZERO))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("bucket width must be positive");
        assertThatThrownBy(() -> KpiSeries.of(List.of(), Duration.ofNanos(10)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("at least 1 ms");
        assertThatThrownBy(() -> KpiSeries.of(List.of(), Duration.ofDays(1), 10, 10))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("range end must be after its start, were from=10 and to=10");
        assertThatThrownBy(() -> KpiSeries.of(List.of(), Duration.ofMillis(1), 0, 1_000_000))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("needs 1000000 buckets");
        assertThatThrownBy(() -> new LabelledEvent(5, Double.NaN, true, true))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("event score must be finite, was NaN at timestamp 5");
    }
}
