package io.prognos.cli;

import me.tongfei.progressbar.ConsoleProgressBarConsumer;
import me.tongfei.progressbar.ProgressBar;
import me.tongfei.progressbar.ProgressBarBuilder;
import me.tongfei.progressbar.ProgressBarStyle;

import java.io.PrintStream;

/**
 * Progress of long work: a progress bar when standard error is a terminal, otherwise one plain line
 * per step so that logs and CI output stay readable.
 */
public final class Progress implements AutoCloseable {

    private final ProgressBar bar;
    private final PrintStream out;
    private final String task;
    private final long total;
    private long done;

    private Progress(String task, long total, PrintStream out) {
        this.task = task;
        this.total = total;
        this.out = out;
        this.bar = System.console() != null
                ? new ProgressBarBuilder().setTaskName(task).setInitialMax(total).setStyle(ProgressBarStyle.ASCII)
                    .setConsumer(new ConsoleProgressBarConsumer(out)).build()
                : null;
    }

    public static Progress start(String task, long total) {
        return new Progress(task, total, System.err);
    }

    /** Marks one step done, with a short note on what it was. */
    public synchronized void step(String note) {
        done++;
        if (bar != null) {
            bar.step();
            bar.setExtraMessage(note);
        } else {
            out.printf("%s %d/%d %s%n", task, done, total, note);
        }
    }

    /** Marks n units of work done; without a terminal, prints a line at every tenth of the total. */
    public synchronized void stepBy(long n) {
        long before = done;
        done += n;
        if (bar != null) {
            bar.stepBy(n);
        } else if (total > 0 && before * 10 / total != done * 10 / total) {
            out.printf("%s %,d/%,d (%d%%)%n", task, done, total, done * 100 / total);
        }
    }

    /** Updates the note without counting a step (e.g. the epoch of the channel in training). */
    public synchronized void note(String note) {
        if (bar != null) {
            bar.setExtraMessage(note);
        }
    }

    @Override
    public void close() {
        if (bar != null) {
            bar.close();
        }
    }
}
