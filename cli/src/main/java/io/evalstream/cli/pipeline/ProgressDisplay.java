package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.run.ProgressRate;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * A progress bar per stage on standard error, with its pace (items per second over the last 30 s)
 * and the time left at that pace, and a note when the stage is not simply
 * running (waiting for the broker, stalled, restarting). On a terminal the bars redraw in place;
 * otherwise (CI, a log file) a plain line is printed every few seconds, at once when a note
 * changes, and at the end. Messages ({@link #say}) go above the bars.
 */
public final class ProgressDisplay {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_MS = 5_000;

    /** One stage's line: done of total (a total below zero is a plain count) and what is wrong, if anything. */
    private record Line(long done, long total, String note) {
    }

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, Line> stages = new LinkedHashMap<>();
    private final Map<String, ProgressRate> rates = new LinkedHashMap<>();
    private int drawnLines;
    private long lastPlain;
    private boolean notesChanged;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void update(String stage, long done, long total) {
        update(stage, done, total, null);
    }

    public synchronized void update(String stage, long done, long total, String note) {
        Line before = stages.put(stage, new Line(done, total, note));
        if (total >= 0) {
            rates.computeIfAbsent(stage, s -> new ProgressRate()).observe(System.currentTimeMillis(), done);
        }
        if (before == null ? note != null : !Objects.equals(before.note(), note)) {
            notesChanged = true;
        }
    }

    /** A line of what the run is doing (starting the broker, restoring state), printed above the bars. */
    public synchronized void say(String message) {
        if (terminal && drawnLines > 0) {
            out.print("\033[" + drawnLines + "A\r\033[J");
            drawnLines = 0;
        }
        out.println(message);
        if (terminal && !stages.isEmpty()) {
            draw(true);
        }
        out.flush();
    }

    public synchronized void draw(boolean force) {
        if (terminal) {
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "A");
            }
            for (Map.Entry<String, Line> e : stages.entrySet()) {
                out.print("\r\033[2K" + line(e.getKey(), e.getValue()) + pace(e.getKey(), e.getValue()) + "\n");
            }
            drawnLines = stages.size();
            out.flush();
            return;
        }
        long now = System.currentTimeMillis();
        if (force || notesChanged || now - lastPlain >= PLAIN_EVERY_MS) {
            lastPlain = now;
            notesChanged = false;
            StringBuilder sb = new StringBuilder();
            stages.forEach((stage, v) -> {
                sb.append(sb.length() == 0 ? "" : "  ").append(stage).append(' ')
                        .append(v.total() < 0 ? v.done() : Math.min(v.done(), v.total()) + "/" + v.total()).append(pace(stage, v));
                if (v.note() != null) {
                    sb.append(" (").append(v.note()).append(')');
                }
            });
            out.println(sb);
        }
    }

    /** " 12.3/s 1m05s left", " done", or nothing before the pace is known (or for a plain count). */
    private String pace(String stage, Line v) {
        return v.total() < 0 ? "" : pace(rates.get(stage), v.done(), v.total(), System.currentTimeMillis());
    }

    static String pace(ProgressRate rate, long done, long total, long now) {
        if (done >= total) {
            return " done";
        }
        double perSecond = rate == null ? 0 : rate.perSecond(now);
        if (perSecond <= 0) {
            return "";
        }
        return String.format(Locale.ROOT, " %.1f/s %s left", perSecond, ProgressRate.format(rate.timeLeft(total - done, now)));
    }

    static String line(String stage, long done, long total) {
        return line(stage, new Line(done, total, null));
    }

    private static String line(String stage, Line v) {
        String note = v.note() == null ? "" : "  " + v.note();
        if (v.total() < 0) {
            return String.format("%-10s %d%s", stage, v.done(), note);
        }
        long shown = Math.min(v.done(), v.total());
        int filled = v.total() == 0 ? WIDTH : (int) (WIDTH * shown / v.total());
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        int percent = v.total() == 0 ? 100 : (int) (100 * shown / v.total());
        return String.format("%-10s [%s] %6d/%-6d %3d%%%s", stage, bar, shown, v.total(), percent, note);
    }
}
