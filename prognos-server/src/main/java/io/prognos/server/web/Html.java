package io.prognos.server.web;

/** Escaping for text placed in HTML, so stored names and ids cannot inject markup. */
final class Html {

    private Html() {
    }

    static String esc(Object value) {
        String s = String.valueOf(value);
        StringBuilder b = new StringBuilder(s.length() + 16);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '"' -> b.append("&quot;");
                case '\'' -> b.append("&#39;");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    /** A whole page with the shared head, navigation and stylesheet. */
    static String page(String title, String user, String body) {
        return """
                <!doctype html>
                <html lang="en"><head><meta charset="utf-8">
                <meta name="viewport" content="width=device-width, initial-scale=1">
                <title>%s · Prognos</title>
                <link rel="icon" href="data:,">
                <link rel="stylesheet" href="/webjars/uplot/1.6.30/dist/uPlot.min.css">
                <style>
                body{font-family:system-ui,sans-serif;margin:0;color:#1d2430;background:#f5f6f8}
                header{background:#1d2430;color:#fff;padding:.6rem 1.2rem;display:flex;gap:1.2rem;align-items:center}
                header a{color:#cfe0ff;text-decoration:none} header .who{margin-left:auto;font-size:.9rem;color:#aab}
                main{padding:1rem 1.2rem;max-width:1200px}
                .tiles{display:flex;gap:1rem;flex-wrap:wrap}
                .tile{background:#fff;border-radius:8px;padding:.8rem 1rem;min-width:220px;box-shadow:0 1px 2px #0002}
                .tile h3{margin:.1rem 0 .5rem} .ok{color:#17803d} .warn{color:#b26b00} .bad{color:#b3261e}
                table{border-collapse:collapse;background:#fff;width:100%%;box-shadow:0 1px 2px #0002}
                th,td{text-align:left;padding:.35rem .6rem;border-bottom:1px solid #e4e6ea;font-size:.92rem}
                .chart{background:#fff;padding:.5rem;border-radius:8px;box-shadow:0 1px 2px #0002;margin:.8rem 0}
                .sev-CRITICAL{color:#b3261e;font-weight:600} .sev-HIGH{color:#c2410c} .sev-MEDIUM{color:#b26b00}
                form.login{background:#fff;padding:1.2rem;border-radius:8px;max-width:420px;box-shadow:0 1px 2px #0002}
                input[type=password]{width:100%%;padding:.4rem;margin:.4rem 0 .8rem}
                tr.diff td{background:#fff4d6} .flash{padding:.6rem .9rem;border-radius:6px;background:#fff;margin:.6rem 0;box-shadow:0 1px 2px #0002}
                table.calendar td{vertical-align:top;height:5.5rem;width:14%%} table.calendar td.today{background:#eef4ff} table.calendar td.past{background:#f0f1f3}
                a.wo{display:block;font-size:.82rem;margin:.15rem 0;padding:.1rem .3rem;border-left:3px solid #9bb7e0;text-decoration:none;color:#1d2430}
                a.wo.prio-high,a.wo.prio-urgent{border-left-color:#b3261e} .calendar .date{font-size:.8rem;color:#667}
                </style></head><body>
                <header><strong>Prognos</strong><a href="/">Fleet</a><a href="/anomalies">Anomalies</a><a href="/alerts">Alerts</a><a href="/risk">Risk</a><a href="/work-orders">Work orders</a><a href="/work-orders/schedule">Schedule</a><a href="/models">Models</a><a href="/jobs">Jobs</a><a href="/experiments">Experiments</a><a href="/quality">Quality</a><a href="/monitoring">Monitoring</a><a href="/system">System</a>
                <a href="/api/v1/openapi.json">API</a><span class="who">%s</span></header>
                <main>%s</main></body></html>
                """.formatted(esc(title), user == null ? "" : esc(user) + " · <a href=\"/logout\">log out</a>", body);
    }
}
