package io.evalstream.aggregator.run;

import io.evalstream.schemas.Benchmark;

/**
 * One model's latest verdict on one item under one metric version, with the texts that explain
 * it: the question and gold answer, the raw reply, the SQL that ran and why it failed. A score of
 * 0.5 or more is correct, as in the aggregator's counts.
 *
 * @param group       Spider database or MMLU subject (the cluster for clustered standard errors)
 * @param question    null when the run's item is not on the items topic
 * @param executedSql null when none ran or the score does not record it
 */
public record ItemOutcome(String runId, String modelId, Benchmark benchmark, String itemId, int index, String group,
                          String category, String metric, String metricVersion, boolean scorable, boolean correct,
                          String outcome, String reason, String question, String gold, String rawReply,
                          String executedSql) {

    public String metricKey() {
        return metric + "@" + metricVersion;
    }
}
