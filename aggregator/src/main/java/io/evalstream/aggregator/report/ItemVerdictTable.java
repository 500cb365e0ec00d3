package io.evalstream.aggregator.report;

import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.run.ItemOutcome;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A run's per-item verdicts, looked up by metric version, benchmark and model: what the report's
 * clustered standard errors, paired statistics and error examples are computed from.
 */
final class ItemVerdictTable {
    /** metric@version / BENCHMARK / model -> item id -> outcome, items in id order. */
    private final Map<String, Map<String, ItemOutcome>> byModel = new HashMap<>();

    ItemVerdictTable(List<ItemOutcome> outcomes) {
        for (ItemOutcome o : outcomes) {
            byModel.computeIfAbsent(key(o.metricKey(), o.benchmark().name(), o.modelId()), k -> new TreeMap<>())
                    .put(o.itemId(), o);
        }
    }

    /** One model's verdicts on a benchmark under one metric version, by item id; empty when none. */
    Map<String, ItemOutcome> of(String metricKey, String benchmark, String modelId) {
        return byModel.getOrDefault(key(metricKey, benchmark, modelId), Map.of());
    }

    /** The model's scorable verdicts in one category ("all": every category). */
    List<ItemOutcome> scorable(String metricKey, String benchmark, String modelId, String category) {
        return of(metricKey, benchmark, modelId).values().stream()
                .filter(ItemOutcome::scorable)
                .filter(o -> StatsCounts.ALL.equals(category) || category.equals(o.category()))
                .toList();
    }

    private static String key(String metricKey, String benchmark, String modelId) {
        return metricKey + "/" + benchmark + "/" + modelId;
    }
}
