package io.evalstream.aggregator.report;

import io.evalstream.aggregator.run.ItemOutcome;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * What went wrong: outcome classes per model (syntax error, unknown column, wrong result, timeout,
 * ...), and for each fine-tuned model examples of items the base model got right and it got
 * wrong. The examples are drawn with the run's seed from the items in id order, so the same run
 * always shows the same examples and nobody picks the flattering ones.
 */
final class ErrorAnalysis {

    /** Verdicts per model, benchmark, metric version and outcome, in that order. */
    static List<StudyReport.OutcomeCount> outcomes(List<ItemOutcome> outcomes) {
        Map<List<String>, Long> counts = new TreeMap<>((a, b) -> String.join("\u0000", a).compareTo(String.join("\u0000", b)));
        for (ItemOutcome o : outcomes) {
            counts.merge(List.of(o.modelId(), o.benchmark().name(), o.metricKey(), o.outcome()), 1L, Long::sum);
        }
        List<StudyReport.OutcomeCount> out = new ArrayList<>();
        counts.forEach((k, n) -> out.add(new StudyReport.OutcomeCount(k.get(0), k.get(1), k.get(2), k.get(3), n)));
        return out;
    }

    /**
     * Up to {@code perBenchmark} examples for each model but the base, in each benchmark, under the
     * given metric version of that benchmark.
     */
    static List<StudyReport.ErrorExample> examples(ItemVerdictTable verdicts, String baseModelId, List<String> models,
                                                   Map<String, String> metricKeyByBenchmark, long seed, int perBenchmark) {
        List<StudyReport.ErrorExample> out = new ArrayList<>();
        for (String model : models) {
            if (model.equals(baseModelId)) {
                continue;
            }
            for (Map.Entry<String, String> e : metricKeyByBenchmark.entrySet()) {
                Map<String, ItemOutcome> base = verdicts.of(e.getValue(), e.getKey(), baseModelId);
                List<ItemOutcome> candidates = new ArrayList<>();
                for (ItemOutcome m : verdicts.of(e.getValue(), e.getKey(), model).values()) {
                    ItemOutcome b = base.get(m.itemId());
                    if (b != null && b.correct() && m.scorable() && !m.correct()) {
                        candidates.add(m);
                    }
                }
                // candidates come in item id order; a Random seeded with the run's seed picks among them
                Collections.shuffle(candidates, new Random(seed));
                for (ItemOutcome m : candidates.subList(0, Math.min(perBenchmark, candidates.size()))) {
                    ItemOutcome b = base.get(m.itemId());
                    out.add(new StudyReport.ErrorExample(model, m.benchmark().name(), m.itemId(), m.group(), m.category(),
                            m.question(), m.gold(), b.rawReply(), m.rawReply(), m.executedSql(), m.outcome(), m.reason()));
                }
            }
        }
        return out;
    }

    private ErrorAnalysis() {
    }
}
