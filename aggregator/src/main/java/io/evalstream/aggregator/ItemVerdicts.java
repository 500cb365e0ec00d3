package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import java.util.Map;
import java.util.TreeMap;

/**
 * The latest verdict of every model on one item under one metric version. This table is what
 * makes the counts idempotent (a re-delivered score finds its own verdict here) and what pairs
 * a fine-tuned model with the base on the same item.
 */
public record ItemVerdicts(String runId, String metric, String metricVersion, Benchmark benchmark, String itemId,
                           Map<String, ScoreVerdict> byModel) {

    public ItemVerdicts {
        byModel = Map.copyOf(byModel);
    }

    static ItemVerdicts empty(String runId, String metric, String metricVersion, Benchmark benchmark, String itemId) {
        return new ItemVerdicts(runId, metric, metricVersion, benchmark, itemId, Map.of());
    }

    ItemVerdicts with(String modelId, ScoreVerdict verdict) {
        Map<String, ScoreVerdict> updated = new TreeMap<>(byModel);
        updated.put(modelId, verdict);
        return new ItemVerdicts(runId, metric, metricVersion, benchmark, itemId, updated);
    }
}
