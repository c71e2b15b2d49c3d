package io.prognos.server.web;

import io.prognos.store.WorkOrderRepository.WorkOrder;

import java.time.DayOfWeek;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Lays out work orders by due date as a calendar: weeks as rows (Monday first), days as columns, from the
 * week holding today for a number of weeks. What does not fit a day cell is kept in its own list:
 * overdue (due before today began), later (due after the last day shown) and undated. Days of the first
 * week before today show nothing, because anything due then is overdue and listed as such.
 */
final class WeekCalendar {

    private WeekCalendar() {
    }

    /** One day cell. */
    record Day(LocalDate date, boolean today, boolean past, List<WorkOrder> due) {
    }

    /** The layout: weeks of seven days each, and the lists beside it. */
    record Layout(List<List<Day>> weeks, List<WorkOrder> overdue, List<WorkOrder> later, List<WorkOrder> undated) {
    }

    /**
     * @param orders the work orders to place (the caller chooses which, e.g. the open ones)
     * @param today  the date the calendar is for, in {@code zone}
     * @param zone   the time zone in which due instants become dates
     * @param weeks  how many weeks to show, at least one
     */
    static Layout layout(List<WorkOrder> orders, LocalDate today, ZoneId zone, int weeks) {
        if (weeks < 1) {
            throw new IllegalArgumentException("a calendar shows at least one week, got " + weeks);
        }
        LocalDate first = today.with(DayOfWeek.MONDAY);
        LocalDate end = first.plusWeeks(weeks);
        List<WorkOrder> sorted = new ArrayList<>(orders);
        sorted.sort(Comparator.comparing((WorkOrder w) -> w.dueAt() == null ? Long.MAX_VALUE : w.dueAt())
                .thenComparing(WorkOrder::id));
        List<WorkOrder> overdue = new ArrayList<>();
        List<WorkOrder> later = new ArrayList<>();
        List<WorkOrder> undated = new ArrayList<>();
        List<List<WorkOrder>> byDay = new ArrayList<>();
        for (int i = 0; i < weeks * 7; i++) {
            byDay.add(new ArrayList<>());
        }
        for (WorkOrder w : sorted) {
            if (w.dueAt() == null) {
                undated.add(w);
                continue;
            }
            LocalDate due = Instant.ofEpochMilli(w.dueAt()).atZone(zone).toLocalDate();
            if (due.isBefore(today)) {
                overdue.add(w);
            } else if (!due.isBefore(end)) {
                later.add(w);
            } else {
                byDay.get((int) (due.toEpochDay() - first.toEpochDay())).add(w);
            }
        }
        List<List<Day>> rows = new ArrayList<>();
        for (int week = 0; week < weeks; week++) {
            List<Day> row = new ArrayList<>();
            for (int d = 0; d < 7; d++) {
                LocalDate date = first.plusDays(week * 7L + d);
                row.add(new Day(date, date.equals(today), date.isBefore(today), List.copyOf(byDay.get(week * 7 + d))));
            }
            rows.add(List.copyOf(row));
        }
        return new Layout(List.copyOf(rows), List.copyOf(overdue), List.copyOf(later), List.copyOf(undated));
    }
}
