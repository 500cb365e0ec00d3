package io.evalstream.aggregator;

import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Turns scores into verdict changes, once, and only for what the run's manifest expects. The
 * per-item table of each model's latest verdict is the persistent memory of what was already
 * counted: a score delivered twice, or the whole scores topic replayed, finds an equal verdict and
 * is dropped; a new verdict for the same score id is forwarded with the old one, so the counts can
 * take the old one back.
 *
 * <p>A score for a pair its run's manifest does not list is foreign and dropped: forged scores
 * cannot raise n. A score whose run's manifest this instance has not read yet (the manifest
 * commits before any item, but the global store is read by its own thread) waits in a store and
 * is looked at again every second.
 */
final class VerdictProcessor implements Processor<String, Score, String, VerdictChange> {
    static final String PENDING_STORE = "scores-awaiting-manifest";
    private static final Logger LOG = LoggerFactory.getLogger(VerdictProcessor.class);
    private static final Duration RECHECK = Duration.ofSeconds(1);

    private ProcessorContext<String, VerdictChange> context;
    private KeyValueStore<String, ItemVerdicts> items;
    private KeyValueStore<String, String> manifests;
    private KeyValueStore<String, byte[]> pending;
    private final Set<String> runsWarnedForeign = new HashSet<>();

    @Override
    public void init(ProcessorContext<String, VerdictChange> context) {
        this.context = context;
        this.items = context.getStateStore(AggregatorTopology.ITEM_VERDICTS_STORE);
        this.manifests = context.getStateStore(RunManifests.STORE);
        this.pending = context.getStateStore(PENDING_STORE);
        context.schedule(RECHECK, PunctuationType.WALL_CLOCK_TIME, now -> admitPending());
    }

    @Override
    public void process(Record<String, Score> record) {
        Score score = record.value();
        if (score == null) {
            return; // the source's serde refuses tombstones; nothing else sends one
        }
        switch (RunManifests.admit(manifests, score)) {
            case EXPECTED -> count(score, record.key(), record.timestamp());
            case FOREIGN -> foreign(score);
            case NO_MANIFEST_YET -> pending.put(score.getScoreId(), Topics.SCORES.encode(score));
        }
    }

    private void admitPending() {
        try (KeyValueIterator<String, byte[]> it = pending.all()) {
            while (it.hasNext()) {
                KeyValue<String, byte[]> kv = it.next();
                Optional<Score> score = Topics.SCORES.tryDecode(kv.value);
                RunManifests.Admission admission = score.map(s -> RunManifests.admit(manifests, s))
                        .orElse(RunManifests.Admission.FOREIGN);
                if (admission == RunManifests.Admission.NO_MANIFEST_YET) {
                    continue;
                }
                pending.delete(kv.key);
                if (admission == RunManifests.Admission.EXPECTED) {
                    count(score.get(), StoreKeys.partitionKey(score.get()), context.currentSystemTimeMs());
                } else {
                    score.ifPresent(this::foreign);
                }
            }
        }
    }

    private void foreign(Score score) {
        if (runsWarnedForeign.add(score.getRunId())) {
            LOG.warn("not counting {}: its run's manifest expects no item {} of model {} (further such scores of run {} are "
                    + "dropped silently)", score.getScoreId(), score.getItemId(), score.getModelId(), score.getRunId());
        }
    }

    private void count(Score score, String key, long timestamp) {
        String itemKey = StoreKeys.itemKey(score.getRunId(), score.getMetric(), score.getMetricVersion(),
                score.getBenchmark(), score.getItemId());
        ItemVerdicts item = items.get(itemKey);
        if (item == null) {
            item = ItemVerdicts.empty(score.getRunId(), score.getMetric(), score.getMetricVersion(),
                    score.getBenchmark(), score.getItemId());
        }
        String modelId = score.getModelId();
        ScoreVerdict before = item.byModel().get(modelId);
        ScoreVerdict after = ScoreVerdict.of(score);
        if (after.equals(before)) {
            return;
        }
        items.put(itemKey, item.with(modelId, after));
        Map<String, ScoreVerdict> others = new TreeMap<>(item.byModel());
        others.remove(modelId);
        context.forward(new Record<>(key, new VerdictChange(score.getRunId(), score.getMetric(),
                score.getMetricVersion(), score.getBenchmark(), score.getItemId(), modelId, before, after, others), timestamp));
    }
}
