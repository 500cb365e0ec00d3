package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.run.ProgressRate;
import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A progress bar per stage on standard error, with its pace (items per second over the last 30 s)
 * and the time left at that pace. On a terminal the bars redraw in place; otherwise (CI, a log
 * file) a plain line is printed every few seconds and at the end.
 */
public final class ProgressDisplay {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_MS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, long[]> stages = new LinkedHashMap<>();
    private final Map<String, ProgressRate> rates = new LinkedHashMap<>();
    private int drawnLines;
    private long lastPlain;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void update(String stage, long done, long total) {
        stages.put(stage, new long[] {done, total});
        rates.computeIfAbsent(stage, s -> new ProgressRate()).observe(System.currentTimeMillis(), done);
    }

    public synchronized void draw(boolean force) {
        if (terminal) {
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "A");
            }
            for (Map.Entry<String, long[]> e : stages.entrySet()) {
                out.print("\r\033[2K" + line(e.getKey(), e.getValue()[0], e.getValue()[1]) + pace(e.getKey(), e.getValue()) + "\n");
            }
            drawnLines = stages.size();
            out.flush();
            return;
        }
        long now = System.currentTimeMillis();
        if (force || now - lastPlain >= PLAIN_EVERY_MS) {
            lastPlain = now;
            StringBuilder sb = new StringBuilder();
            stages.forEach((stage, v) -> sb.append(sb.length() == 0 ? "" : "  ").append(stage).append(' ')
                    .append(Math.min(v[0], v[1])).append('/').append(v[1]).append(pace(stage, v)));
            out.println(sb);
        }
    }

    /** " 12.3/s 1m05s left", " done", or nothing before the pace is known. */
    private String pace(String stage, long[] v) {
        return pace(rates.get(stage), v[0], v[1], System.currentTimeMillis());
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
        long shown = Math.min(done, total);
        int filled = total == 0 ? WIDTH : (int) (WIDTH * shown / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        int percent = total == 0 ? 100 : (int) (100 * shown / total);
        return String.format("%-10s [%s] %6d/%-6d %3d%%", stage, bar, shown, total, percent);
    }
}
