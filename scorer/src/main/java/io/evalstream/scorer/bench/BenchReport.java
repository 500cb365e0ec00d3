package io.evalstream.scorer.bench;

import java.util.List;
import java.util.Locale;

/** Renders the benchmark's measurements side by side, with each one's speed relative to the baseline (the last). */
public final class BenchReport {
    private BenchReport() {
    }

    public static String render(List<ScoringBenchmark.Measurement> rows, String header) {
        ScoringBenchmark.Measurement baseline = rows.get(rows.size() - 1);
        StringBuilder sb = new StringBuilder(header).append('\n');
        sb.append(String.format(Locale.ROOT, "%-44s %7s %8s %9s %8s %8s %13s %11s%n",
                "configuration", "threads", "seconds", "scores/s", "speedup", "correct", "gold hit/miss", "connections"));
        for (ScoringBenchmark.Measurement m : rows) {
            sb.append(String.format(Locale.ROOT, "%-44s %7d %8.2f %9.0f %7.2fx %8d %13s %11d%n", m.config(), m.threads(), m.seconds(),
                    m.scoresPerSecond(), m.scoresPerSecond() / baseline.scoresPerSecond(), m.correct(),
                    m.cacheHits() + "/" + m.cacheMisses(), m.connectionsOpened()));
        }
        boolean agree = rows.stream().allMatch(m -> m.correct() == baseline.correct());
        sb.append(agree ? "all configurations gave the same number of correct verdicts\n"
                : "WARNING: configurations disagree on the number of correct verdicts\n");
        return sb.toString();
    }
}
