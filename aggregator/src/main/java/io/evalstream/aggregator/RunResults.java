package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Regression;
import java.util.Comparator;
import java.util.List;

/**
 * The published results of one run: the latest value of every aggregates and regression key of
 * the run (keys starting with {@link #keyPrefix}), in report order. Reading them from the topics
 * is the cli's job (this room uses Kafka through Streams only); it works the same on a finished
 * and a running run, and needs no aggregator to be running.
 */
public final class RunResults {
    private final String runId;
    private final List<AccuracyStats> stats;
    private final List<Regression> regressions;

    public RunResults(String runId, List<AccuracyStats> stats, List<Regression> regressions) {
        this.runId = runId;
        this.stats = stats.stream().sorted(Comparator.comparing(RunResults::statsOrder)).toList();
        this.regressions = regressions.stream().sorted(Comparator.comparing(RunResults::regressionOrder)).toList();
    }

    /** The start of every aggregates and regression key of a run: a reader keeps the keys with it. */
    public static String keyPrefix(String runId) {
        return StoreKeys.runPrefix(runId);
    }

    public String runId() {
        return runId;
    }

    /** Statistics ordered by metric version, benchmark, model and category (natural order, "all" first). */
    public List<AccuracyStats> stats() {
        return stats;
    }

    public List<Regression> regressions() {
        return regressions;
    }

    /** Metric version, benchmark, model, then the category in its natural order ("all", easy ... extra). */
    public static String statsOrder(AccuracyStats s) {
        return String.join("\u0000", s.getMetric(), s.getMetricVersion(), s.getBenchmark().name(), s.getModelId(),
                CategoryOrder.sortKey(s.getBenchmark(), s.getCategory()));
    }

    public static String regressionOrder(Regression r) {
        return String.join("\u0000", r.getMetric(), r.getMetricVersion(), r.getBenchmark().name(), r.getModelId(),
                CategoryOrder.sortKey(r.getBenchmark(), r.getCategory()));
    }
}
