package io.prognos.server.web;

import io.prognos.store.WorkOrderRepository.WorkOrder;
import org.junit.jupiter.api.Test;

import java.time.LocalDate;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class WeekCalendarTest {

    /** Wednesday. */
    private static final LocalDate TODAY = LocalDate.of(2026, 3, 11);

    private static WorkOrder due(long id, LocalDate date, int hour) {
        return order(id, date.atTime(hour, 0).toInstant(ZoneOffset.UTC).toEpochMilli());
    }

    private static WorkOrder order(long id, Long dueAt) {
        return new WorkOrder(id, "order " + id, "A", null, null, null, null, "medium", dueAt, "open", "t", 0, 0);
    }

    @Test
    void weeksStartOnTheMondayOfThisWeekAndDaysBeforeTodayArePast() {
        WeekCalendar.Layout layout = WeekCalendar.layout(List.of(), TODAY, ZoneOffset.UTC, 3);
        assertThat(layout.weeks()).hasSize(3).allSatisfy(w -> assertThat(w).hasSize(7));
        assertThat(layout.weeks().get(0).get(0).date()).isEqualTo(LocalDate.of(2026, 3, 9));
        assertThat(layout.weeks().get(2).get(6).date()).isEqualTo(LocalDate.of(2026, 3, 29));
        assertThat(layout.weeks().get(0).get(2).today()).isTrue();
        assertThat(layout.weeks().get(0).subList(0, 2)).allSatisfy(d -> assertThat(d.past()).isTrue());
        assertThat(layout.weeks().get(0).get(3).past()).isFalse();
    }

    @Test
    void ordersGoToTheirDayOrToOverdueLaterOrUndated() {
        List<WorkOrder> orders = new ArrayList<>(List.of(
                due(1, TODAY, 23),                      // today, late evening
                due(2, TODAY.minusDays(1), 12),         // yesterday: overdue, even though its week is shown
                due(3, TODAY.minusDays(30), 8),         // long overdue
                due(4, LocalDate.of(2026, 3, 29), 23),  // last day shown
                due(5, LocalDate.of(2026, 3, 30), 0),   // first day after
                order(6, null),
                due(7, TODAY.plusDays(8), 9),
                due(8, TODAY.plusDays(8), 7)));         // same day, earlier: listed first
        WeekCalendar.Layout layout = WeekCalendar.layout(orders, TODAY, ZoneOffset.UTC, 3);
        assertThat(layout.weeks().get(0).get(2).due()).extracting(WorkOrder::id).containsExactly(1L);
        assertThat(layout.weeks().get(0).get(1).due()).isEmpty();
        assertThat(layout.overdue()).extracting(WorkOrder::id).containsExactly(3L, 2L);
        assertThat(layout.weeks().get(2).get(6).due()).extracting(WorkOrder::id).containsExactly(4L);
        assertThat(layout.later()).extracting(WorkOrder::id).containsExactly(5L);
        assertThat(layout.undated()).extracting(WorkOrder::id).containsExactly(6L);
        assertThat(layout.weeks().get(1).get(3).due()).extracting(WorkOrder::id).containsExactly(8L, 7L);
    }

    @Test
    void dueInstantsBecomeDatesInTheCalendarsZone() {
        // 23:00 UTC on Wednesday is already Thursday in Tokyo
        WeekCalendar.Layout layout = WeekCalendar.layout(List.of(due(1, TODAY, 23)), TODAY, ZoneId.of("Asia/Tokyo"), 1);
        assertThat(layout.weeks().get(0).get(3).due()).extracting(WorkOrder::id).containsExactly(1L);
    }

    @Test
    void aCalendarHasAtLeastOneWeek() {
        assertThatThrownBy(() -> WeekCalendar.layout(List.of(), TODAY, ZoneOffset.UTC, 0))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
