package io.evalstream.aggregator;

import io.evalstream.schemas.RecordKeys;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;
import java.util.function.UnaryOperator;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

/**
 * Pairs every model with the base model item by item and forwards the inputs of each model's
 * regression, per category and in aggregate, after every change.
 *
 * <p>A model's verdict moves its own counts and its one pair with the base on that item. A base
 * verdict moves the base counts, shared by every model's regression, and its pair with each model
 * that scored the item; so every model's regression in the touched categories is republished.
 */
final class RegressionProcessor implements Processor<String, VerdictChange, String, RegressionInputs> {
    private final RegressionOptions options;
    private ProcessorContext<String, RegressionInputs> context;
    private KeyValueStore<String, RegressionCounts> counts;

    RegressionProcessor(RegressionOptions options) {
        this.options = options;
    }

    @Override
    public void init(ProcessorContext<String, RegressionInputs> context) {
        this.context = context;
        this.counts = context.getStateStore(AggregatorTopology.REGRESSION_STORE);
    }

    @Override
    public void process(Record<String, VerdictChange> record) {
        VerdictChange change = record.value();
        boolean isBase = options.baseModelId().equals(change.modelId());
        Map<String, RegressionCounts> touched = new LinkedHashMap<>();
        Set<String> categories = new LinkedHashSet<>();
        if (change.before() != null) {
            categories.add(change.before().category());
            apply(change, change.before(), -1, isBase, touched);
        }
        categories.add(change.after().category());
        categories.add(StatsCounts.ALL);
        if (isBase) {
            change.others().values().forEach(v -> categories.add(v.category()));
        }
        apply(change, change.after(), +1, isBase, touched);
        touched.values().forEach(c -> counts.put(c.key(), c));

        for (String category : categories) {
            String prefix = StoreKeys.regressionCategoryPrefix(change.runId(), change.metric(), change.metricVersion(),
                    change.benchmark(), category);
            RegressionCounts base = counts.get(prefix + options.baseModelId());
            if (base == null) {
                base = RegressionCounts.zero(change, category, options.baseModelId());
            }
            if (isBase) {
                try (KeyValueIterator<String, RegressionCounts> models = counts.prefixScan(prefix, new StringSerializer())) {
                    while (models.hasNext()) {
                        KeyValue<String, RegressionCounts> model = models.next();
                        if (!model.value.modelId().equals(options.baseModelId())) {
                            publish(base, model.value, record.timestamp());
                        }
                    }
                }
            } else {
                publish(base, counts.get(prefix + change.modelId()), record.timestamp());
            }
        }
    }

    /**
     * Moves one verdict in or out of the counts of its category and of "all": the changed
     * model's own counts, and its pairs (a model's pair with the base lives in the model's entry,
     * under the model's category for the item).
     */
    private void apply(VerdictChange change, ScoreVerdict verdict, int sign, boolean isBase,
                       Map<String, RegressionCounts> touched) {
        for (String category : new String[] {verdict.category(), StatsCounts.ALL}) {
            update(touched, change, category, change.modelId(), c -> c.plusOwn(verdict, sign));
        }
        if (isBase) {
            for (Map.Entry<String, ScoreVerdict> other : change.others().entrySet()) {
                ScoreVerdict model = other.getValue();
                for (String category : new String[] {model.category(), StatsCounts.ALL}) {
                    update(touched, change, category, other.getKey(), c -> c.plusPair(verdict, model, sign));
                }
            }
        } else {
            ScoreVerdict base = change.others().get(options.baseModelId());
            for (String category : new String[] {verdict.category(), StatsCounts.ALL}) {
                update(touched, change, category, change.modelId(), c -> c.plusPair(base, verdict, sign));
            }
        }
    }

    private void update(Map<String, RegressionCounts> touched, VerdictChange change, String category, String modelId,
                        UnaryOperator<RegressionCounts> f) {
        RegressionCounts zero = RegressionCounts.zero(change, category, modelId);
        RegressionCounts current = touched.get(zero.key());
        if (current == null) {
            current = counts.get(zero.key());
        }
        touched.put(zero.key(), f.apply(current == null ? zero : current));
    }

    private void publish(RegressionCounts base, RegressionCounts model, long timestamp) {
        if (model == null) {
            return;
        }
        String key = RecordKeys.statsKey(model.runId(), model.metric(), model.metricVersion(), model.modelId(),
                model.benchmark(), model.category());
        context.forward(new Record<>(key, new RegressionInputs(base, model, timestamp), timestamp));
    }
}
