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
    /** The most chars of the reply and of the executed SQL a score carries. */
    static final int MAX_DETAIL_CHARS = 65_536;

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
                .setOutput(abbreviated(p.getOutput()))
                .setExecuted(abbreviated(verdict.executed()))
                .setScoredAt(System.currentTimeMillis())
                .build();
    }

    /**
     * A score repeats the reply and the SQL that ran, so a reply near Kafka's record size limit
     * would make a score over it (and a transaction that can never commit): long texts are cut.
     */
    static String abbreviated(String text) {
        if (text == null || text.length() <= MAX_DETAIL_CHARS) {
            return text;
        }
        return text.substring(0, MAX_DETAIL_CHARS) + "... [" + (text.length() - MAX_DETAIL_CHARS) + " more chars]";
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
