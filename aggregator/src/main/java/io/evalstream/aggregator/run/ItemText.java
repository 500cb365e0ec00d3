package io.evalstream.aggregator.run;

import io.evalstream.schemas.EvalItem;

/**
 * What the report and the items API show of a benchmark item: its question and gold answer and
 * where it belongs, without the prompt payload (schemas, few-shot examples) the generator needs.
 *
 * @param group             Spider database or MMLU subject: the cluster of the clustered standard errors
 * @param category          MMLU category; null for Spider (the scorer computes hardness)
 * @param unscorableReason  set by the producer when the item can never be scored (its database is missing)
 */
public record ItemText(String runId, String benchmark, String itemId, int index, String group, String category,
                       String question, String gold, String unscorableReason) {

    static ItemText of(EvalItem item) {
        return new ItemText(item.getRunId(), item.getBenchmark().name(), item.getItemId(), item.getIndex(),
                item.getGroup(), item.getCategory(), item.getQuestion(), item.getGold(), item.getUnscorableReason());
    }
}
