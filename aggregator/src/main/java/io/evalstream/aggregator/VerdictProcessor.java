package io.evalstream.aggregator;

import io.evalstream.schemas.Score;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Turns scores into verdict changes, once. The per-item table of each model's latest verdict
 * is the persistent memory of what was already counted: a score delivered twice, or the whole
 * scores topic replayed, finds an equal verdict and is dropped; a new verdict for the same
 * score id is forwarded with the old one, so the counts can take the old one back.
 */
final class VerdictProcessor implements Processor<String, Score, String, VerdictChange> {
    private ProcessorContext<String, VerdictChange> context;
    private KeyValueStore<String, ItemVerdicts> items;

    @Override
    public void init(ProcessorContext<String, VerdictChange> context) {
        this.context = context;
        this.items = context.getStateStore(AggregatorTopology.ITEM_VERDICTS_STORE);
    }

    @Override
    public void process(Record<String, Score> record) {
        Score score = record.value();
        if (score == null) {
            return; // a tombstone on the scores topic carries no verdict
        }
        String itemKey = StoreKeys.itemKey(score.getRunId(), score.getMetric(), score.getMetricVersion(),
                score.getBenchmark(), score.getItemId());
        ItemVerdicts item = items.get(itemKey);
        if (item == null) {
            item = ItemVerdicts.empty(score.getRunId(), score.getMetric(), score.getMetricVersion(),
                    score.getBenchmark(), score.getItemId());
        }
        String modelId = score.getModelId();
        Verdict before = item.byModel().get(modelId);
        Verdict after = Verdict.of(score);
        if (after.equals(before)) {
            return;
        }
        items.put(itemKey, item.with(modelId, after));
        Map<String, Verdict> others = new TreeMap<>(item.byModel());
        others.remove(modelId);
        context.forward(record.withValue(new VerdictChange(score.getRunId(), score.getMetric(),
                score.getMetricVersion(), score.getBenchmark(), score.getItemId(), modelId, before, after, others)));
    }
}
