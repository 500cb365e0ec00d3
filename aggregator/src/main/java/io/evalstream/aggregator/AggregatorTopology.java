package io.evalstream.aggregator;

import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Materialized;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator: scores in, running statistics out.
 *
 * <pre>
 * scores --(re-key by run/metric@version/benchmark)--> verdicts [item-verdicts]
 *        +-> stats [stats-counts] ---------------> aggregates
 *        +-> regression vs base [regression-counts]
 *              --(re-key by model and category)--> [regression-inputs] --> bootstrap --> regression
 * </pre>
 *
 * Only scores of the (model, item) pairs their run's manifest lists are counted (the manifests are
 * a global store, see {@link RunManifests}); a tombstone or a record that is not a score goes to the
 * dead-letter topic ({@link DeadLetterHandler}).
 *
 * <p>The first repartition puts every model of a (run, metric version, benchmark) in one task: the
 * base model's counts and each fine-tuned model's pairs with it must meet there. The per-item
 * verdict table both deduplicates and pairs. The input key is not used, so scores may be keyed
 * by score id or anything else.
 *
 * All stores are persistent and changelogged; with exactly-once processing a restart
 * resumes from the committed counts and a replayed scores topic changes nothing.
 */
public final class AggregatorTopology {
    public static final String ITEM_VERDICTS_STORE = "item-verdicts";
    public static final String STATS_STORE = "stats-counts";
    public static final String REGRESSION_STORE = "regression-counts";
    /** Latest inputs of each published regression, keyed like the regression topic. */
    public static final String REGRESSION_INPUTS_STORE = "regression-inputs";

    /** With the defaults: base model "base", 10,000 bootstrap resamples, the default seed. */
    public static Topology build() {
        return build(RegressionOptions.defaults());
    }

    public static Topology build(RegressionOptions options) {
        AvroSerde<Score> scores = Topics.SCORES.valueSerde();
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ITEM_VERDICTS_STORE),
                Serdes.String(), new JsonSerde<>(ItemVerdicts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATS_STORE),
                Serdes.String(), new JsonSerde<>(StatsCounts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGRESSION_STORE),
                Serdes.String(), new JsonSerde<>(RegressionCounts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(VerdictProcessor.PENDING_STORE),
                Serdes.String(), Serdes.ByteArray()));
        // every task must see every run's manifest, whatever partition its scores are on: a global store
        builder.addGlobalStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(RunManifests.STORE),
                        Serdes.String(), Serdes.String()).withLoggingDisabled(),
                Topics.RUNS.name(), Consumed.with(Serdes.String(), Serdes.ByteArray()).withName("run-manifests-source"),
                RunManifests.Updater::new);

        KStream<String, VerdictChange> changes = builder
                .stream(Topics.SCORES.name(), Consumed.with(Topics.SCORES.keySerde(), scores).withName("scores"))
                .selectKey((scoreId, score) -> StoreKeys.partitionKey(score), Named.as("key-by-run-benchmark"))
                .repartition(Repartitioned.with(Serdes.String(), scores).withName("scores-by-run-benchmark"))
                .process(VerdictProcessor::new, Named.as("verdicts"), ITEM_VERDICTS_STORE, VerdictProcessor.PENDING_STORE);

        changes.process(StatsProcessor::new, Named.as("stats"), STATS_STORE)
                .to(Topics.AGGREGATES.name(), Produced.with(Topics.AGGREGATES.keySerde(), Topics.AGGREGATES.valueSerde())
                        .withName("aggregates"));
        // The cached table coalesces a model's updates between commits, so the bootstrap runs
        // once per key per commit interval however fast the scores come. Re-keying by model and
        // category before it (a repartition) spreads that, the costliest step, over all tasks.
        JsonSerde<RegressionInputs> inputsSerde = new JsonSerde<>(RegressionInputs.class);
        changes.process(() -> new RegressionProcessor(options), Named.as("regression"), REGRESSION_STORE)
                .repartition(Repartitioned.with(Serdes.String(), inputsSerde).withName("regression-inputs-by-model"))
                .toTable(Named.as("latest-regression-inputs"),
                        Materialized.<String, RegressionInputs, KeyValueStore<Bytes, byte[]>>as(REGRESSION_INPUTS_STORE)
                                .withKeySerde(Serdes.String())
                                .withValueSerde(inputsSerde)
                                .withCachingEnabled())
                .toStream(Named.as("regression-updates"))
                .mapValues(inputs -> inputs.toRegression(options), Named.as("regression-statistics"))
                .to(Topics.REGRESSION.name(), Produced.with(Topics.REGRESSION.keySerde(), Topics.REGRESSION.valueSerde())
                        .withName("regressions"));
        return builder.build();
    }

    private AggregatorTopology() {
    }
}
