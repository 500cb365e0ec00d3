package io.evalstream.cli.pipeline;

import java.io.PrintStream;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A progress bar per stage on standard error. On a terminal the bars redraw in place; otherwise
 * (CI, a log file) a plain line is printed every few seconds and at the end.
 */
public final class ProgressDisplay {
    private static final int WIDTH = 30;
    private static final long PLAIN_EVERY_MS = 5_000;

    private final PrintStream out;
    private final boolean terminal;
    private final Map<String, long[]> stages = new LinkedHashMap<>();
    private int drawnLines;
    private long lastPlain;

    public ProgressDisplay(PrintStream out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    public synchronized void update(String stage, long done, long total) {
        stages.put(stage, new long[] {done, total});
    }

    public synchronized void draw(boolean force) {
        if (terminal) {
            if (drawnLines > 0) {
                out.print("\033[" + drawnLines + "A");
            }
            for (Map.Entry<String, long[]> e : stages.entrySet()) {
                out.print("\r\033[2K" + line(e.getKey(), e.getValue()[0], e.getValue()[1]) + "\n");
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
                    .append(Math.min(v[0], v[1])).append('/').append(v[1]));
            out.println(sb);
        }
    }

    static String line(String stage, long done, long total) {
        long shown = Math.min(done, total);
        int filled = total == 0 ? WIDTH : (int) (WIDTH * shown / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        int percent = total == 0 ? 100 : (int) (100 * shown / total);
        return String.format("%-10s [%s] %6d/%-6d %3d%%", stage, bar, shown, total, percent);
    }
}
