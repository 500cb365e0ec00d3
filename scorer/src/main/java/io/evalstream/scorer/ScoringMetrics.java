package io.evalstream.scorer;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Score;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Scores predictions with the metric that {@link BenchmarkMetrics} names for their benchmark, and
 * turns each verdict into a score record. Thread-safe: the metrics' {@code evaluate} methods keep
 * no per-call state.
 */
public final class ScoringMetrics implements AutoCloseable {
    private final Map<Benchmark, BenchmarkMetrics.Row> table;

    public ScoringMetrics(ExecutionAccuracy executionAccuracy) {
        this.table = BenchmarkMetrics.table(executionAccuracy);
    }

    /** Name and version of the metric used for a benchmark, for keys and run records. */
    public Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        table.values().forEach(row -> v.put(row.metric().name(), row.metric().version()));
        return v;
    }

    public Score score(Prediction p) {
        BenchmarkMetrics.Row row = table.get(p.getBenchmark());
        if (row == null) {
            throw new IllegalArgumentException("no metric for benchmark " + p.getBenchmark() + " of " + p.getPredictionId());
        }
        Verdict verdict = row.metric().evaluate(row.testCase().apply(p));
        return build(p, row.metric().name(), row.metric().version(), row.category().apply(p), verdict);
    }

    private static Score build(Prediction p, String metric, String version, String category, Verdict verdict) {
        Outcome outcome = verdict.outcome();
        return Score.newBuilder()
                .setScoreId(RecordKeys.scoreId(p.getPredictionId(), metric, version))
                .setPredictionId(p.getPredictionId())
                .setRunId(p.getRunId())
                .setModelId(p.getModelId())
                .setBenchmark(p.getBenchmark())
                .setItemId(p.getItemId())
                .setGroup(p.getGroup())
                .setCategory(category)
                .setMetric(metric)
                .setMetricVersion(version)
                .setScorable(outcome.scorable())
                .setScore(verdict.score())
                .setOutcome(outcome.label())
                .setReason(verdict.reason())
                .setOutput(p.getOutput())
                .setExecuted(verdict.executed())
                .setScoredAt(System.currentTimeMillis())
                .build();
    }

    @Override
    public void close() {
        for (BenchmarkMetrics.Row row : table.values()) {
            if (row.metric() instanceof AutoCloseable closeable) {
                try {
                    closeable.close();
                } catch (Exception e) {
                    throw new IllegalStateException("cannot close metric " + row.metric().name() + ": " + e.getMessage(), e);
                }
            }
        }
    }
}
