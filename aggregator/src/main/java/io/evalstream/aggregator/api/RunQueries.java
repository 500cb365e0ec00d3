package io.evalstream.aggregator.api;

import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.AggregatorTopology;
import io.evalstream.aggregator.ItemVerdicts;
import io.evalstream.aggregator.RegressionInputs;
import io.evalstream.aggregator.RunResults;
import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.ScoreVerdict;
import io.evalstream.aggregator.run.ItemOutcome;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Consumer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

/**
 * Interactive queries on the aggregator's local state stores: what the running app knows now,
 * including counts not yet committed to the output topics. One instance holds all partitions
 * in the single-JVM setup; with several instances each answers for its own partitions.
 */
public final class RunQueries {
    private final AggregatorApp app;

    public RunQueries(AggregatorApp app) {
        this.app = app;
    }

    /** Run ids with the models and benchmarks seen in each. */
    public Map<String, RunOverview> runs() {
        Map<String, RunOverview> runs = new TreeMap<>();
        scan(AggregatorTopology.STATS_STORE, StatsCounts.class, null, c -> {
            RunOverview o = runs.computeIfAbsent(c.runId(), r -> new RunOverview(r, new TreeSet<>(), new TreeSet<>(), new TreeSet<>()));
            o.models().add(c.modelId());
            o.benchmarks().add(c.benchmark().name());
            o.metrics().add(c.metric() + "@" + c.metricVersion());
        });
        return runs;
    }

    public List<AccuracyStats> summary(String runId) {
        List<AccuracyStats> stats = new ArrayList<>();
        scan(AggregatorTopology.STATS_STORE, StatsCounts.class, runPrefix(runId), c -> stats.add(c.toAvro()));
        stats.sort(Comparator.comparing(RunResults::statsOrder));
        return stats;
    }

    /** Regressions as the bootstrap stage last computed their inputs (a little behind the stats: see AggregatorTopology). */
    public List<Regression> regressions(String runId) {
        List<Regression> regressions = new ArrayList<>();
        scan(AggregatorTopology.REGRESSION_INPUTS_STORE, RegressionInputs.class, runPrefix(runId),
                inputs -> regressions.add(inputs.toRegression(app.options())));
        regressions.sort(Comparator.comparing(RunResults::regressionOrder));
        return regressions;
    }

    /**
     * Per-item verdicts of the run, optionally of one model and one outcome, each with the texts
     * that explain it (question, gold, raw reply, executed SQL, reason) where the topics have them.
     */
    public List<ItemRow> items(String runId, String modelId, String outcome, int limit, RunRecords texts) {
        List<ItemRow> rows = new ArrayList<>();
        scan(AggregatorTopology.ITEM_VERDICTS_STORE, ItemVerdicts.class, runPrefix(runId), item -> {
            for (Map.Entry<String, ScoreVerdict> e : item.byModel().entrySet()) {
                ScoreVerdict v = e.getValue();
                if (rows.size() < limit && (modelId == null || modelId.equals(e.getKey()))
                        && (outcome == null || outcome.equals(v.outcome()))) {
                    ItemOutcome t = texts.outcome(v.scoreId());
                    rows.add(new ItemRow(item.runId(), item.metric(), item.metricVersion(), item.benchmark().name(),
                            item.itemId(), e.getKey(), v.category(), v.group(), v.scorable(), v.correct(), v.outcome(),
                            t == null ? null : t.reason(), t == null ? null : t.question(), t == null ? null : t.gold(),
                            t == null ? null : t.rawReply(), t == null ? null : t.executedSql(), v.scoreId()));
                }
            }
        });
        return rows;
    }

    /** The outcome classes among the run's verdicts. */
    public Set<String> outcomes(String runId) {
        Set<String> outcomes = new TreeSet<>();
        scan(AggregatorTopology.ITEM_VERDICTS_STORE, ItemVerdicts.class, runPrefix(runId),
                item -> item.byModel().values().forEach(v -> outcomes.add(v.outcome())));
        return outcomes;
    }

    private static String runPrefix(String runId) {
        return runId + RecordKeys.SEPARATOR;
    }

    private <V> void scan(String storeName, Class<V> type, String prefix, Consumer<V> action) {
        ReadOnlyKeyValueStore<String, V> store = app.streams().store(
                StoreQueryParameters.fromNameAndType(storeName, QueryableStoreTypes.<String, V>keyValueStore()));
        try (KeyValueIterator<String, V> it = prefix == null ? store.all() : store.prefixScan(prefix, new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, V> kv = it.next();
                action.accept(type.cast(kv.value));
            }
        }
    }

    public record RunOverview(String runId, TreeSet<String> models, TreeSet<String> benchmarks, TreeSet<String> metrics) {
    }

    /**
     * One model's verdict on one item, as the items endpoint serves it.
     *
     * @param rawReply    the model's reply exactly as generated
     * @param executedSql the SQL that ran for it (Spider; null when none ran or the score does not record it)
     */
    public record ItemRow(String runId, String metric, String metricVersion, String benchmark, String itemId,
                          String modelId, String category, String group, boolean scorable, boolean correct,
                          String outcome, String reason, String question, String gold, String rawReply,
                          String executedSql, String scoreId) {
    }
}
