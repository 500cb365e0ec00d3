package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Score;

/**
 * Keys of the aggregator's repartition topic and state stores. Every key starts with the run id
 * and a separator, so one run's entries are a prefix scan.
 */
final class StoreKeys {
    private static final String SEP = RecordKeys.SEPARATOR;

    /**
     * Scores are partitioned by run, metric version and benchmark: the base model's counts and
     * every fine-tuned model's paired counts of one benchmark must sit in one task, so that a
     * base verdict updates all regressions it takes part in.
     */
    static String partitionKey(Score score) {
        return String.join(SEP, score.getRunId(), score.getMetric() + "@" + score.getMetricVersion(),
                score.getBenchmark().name());
    }

    static String itemKey(VerdictChange c) {
        return itemKey(c.runId(), c.metric(), c.metricVersion(), c.benchmark(), c.itemId());
    }

    static String itemKey(String runId, String metric, String metricVersion, Benchmark benchmark, String itemId) {
        return String.join(SEP, runId, metric + "@" + metricVersion, benchmark.name(), itemId);
    }

    /** Regression counts are ordered by category before model, so one category's models are a prefix scan. */
    static String regressionCategoryPrefix(String runId, String metric, String metricVersion, Benchmark benchmark,
                                           String category) {
        return String.join(SEP, runId, metric + "@" + metricVersion, benchmark.name(), category) + SEP;
    }

    static String runPrefix(String runId) {
        return runId + SEP;
    }

    private StoreKeys() {
    }
}
