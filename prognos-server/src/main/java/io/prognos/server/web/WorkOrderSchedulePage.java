package io.prognos.server.web;

import io.javalin.config.JavalinConfig;
import io.javalin.http.Context;
import io.prognos.pipeline.PipelineContext;
import io.prognos.store.TokenRepository;
import io.prognos.store.WorkOrderRepository;
import io.prognos.store.WorkOrderRepository.WorkOrder;

import java.time.Clock;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.TextStyle;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The work-order schedule ({@code /work-orders/schedule}): open and in-progress work orders on a
 * calendar by due date ({@link WeekCalendar}, UTC, from this week for {@link #WEEKS} weeks), with the
 * overdue, later and undated ones listed beside it, so that a planner sees the coming workload at a
 * glance. Changing a work order stays on the work-order list, which every entry links to.
 */
final class WorkOrderSchedulePage {

    static final int WEEKS = 4;

    private final Dashboard dashboard;
    private final PipelineContext context;
    private final Clock clock;

    WorkOrderSchedulePage(Dashboard dashboard, PipelineContext context, Clock clock) {
        this.dashboard = dashboard;
        this.context = context;
        this.clock = clock;
    }

    void register(JavalinConfig cfg) {
        cfg.routes.get("/work-orders/schedule", ctx -> dashboard.page(ctx, this::render));
    }

    private String render(Context ctx, TokenRepository.ApiToken user) {
        WorkOrderRepository repo = new WorkOrderRepository(context.db());
        List<WorkOrder> open = new ArrayList<>(repo.list("open"));
        open.addAll(repo.list("in_progress"));
        LocalDate today = LocalDate.now(clock.withZone(ZoneOffset.UTC));
        WeekCalendar.Layout layout = WeekCalendar.layout(open, today, ZoneOffset.UTC, WEEKS);
        StringBuilder b = new StringBuilder("<h2>Work-order schedule</h2><p>Open and in-progress work orders by due date "
                + "(UTC), this week and the next ").append(WEEKS - 1).append(". Change them on the <a href=\"/work-orders\">"
                + "work-order list</a>.</p>");
        b.append(list("overdue", "Overdue", layout.overdue()));
        b.append("<table id=\"calendar\" class=\"calendar\"><tr>");
        for (java.time.DayOfWeek d : java.time.DayOfWeek.values()) {
            b.append("<th>").append(d.getDisplayName(TextStyle.SHORT, Locale.ENGLISH)).append("</th>");
        }
        b.append("</tr>");
        for (List<WeekCalendar.Day> week : layout.weeks()) {
            b.append("<tr>");
            for (WeekCalendar.Day day : week) {
                b.append("<td data-date=\"").append(day.date()).append("\" class=\"").append(day.today() ? "today"
                        : day.past() ? "past" : "").append("\"><div class=\"date\">").append(day.date().getDayOfMonth())
                        .append(day.date().getDayOfMonth() == 1 || day == week.get(0) ? " " + day.date().getMonth()
                        .getDisplayName(TextStyle.SHORT, Locale.ENGLISH) : "").append("</div>");
                day.due().forEach(w -> b.append(entry(w)));
                b.append("</td>");
            }
            b.append("</tr>");
        }
        b.append("</table>");
        b.append(list("later", "Due after " + layout.weeks().get(WEEKS - 1).get(6).date(), layout.later()));
        b.append(list("undated", "Without a due date", layout.undated()));
        return Html.page("Schedule", user.name(), b.toString());
    }

    private static String list(String id, String title, List<WorkOrder> orders) {
        StringBuilder b = new StringBuilder("<h3>").append(Html.esc(title)).append(" (").append(orders.size())
                .append(")</h3><div id=\"").append(id).append("\">");
        if (orders.isEmpty()) {
            b.append("<p>None.</p>");
        }
        orders.forEach(w -> b.append(entry(w)));
        return b.append("</div>").toString();
    }

    private static String entry(WorkOrder w) {
        return "<a class=\"wo prio-" + Html.esc(w.priority()) + "\" data-id=\"" + w.id() + "\" href=\"/work-orders\" title=\""
                + Html.esc(w.status().replace('_', ' ') + " · " + w.priority() + (w.dueAt() == null ? ""
                : " · due " + java.time.Instant.ofEpochMilli(w.dueAt()))) + "\">#" + w.id() + " "
                + Html.esc(w.title()) + (w.assignee() == null ? "" : " · " + Html.esc(w.assignee())) + "</a>";
    }
}
