package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.kstream.Consumed;
import org.apache.kafka.streams.kstream.KStream;
import org.apache.kafka.streams.kstream.Named;
import org.apache.kafka.streams.kstream.Produced;
import org.apache.kafka.streams.kstream.Repartitioned;
import org.apache.kafka.streams.state.Stores;

/**
 * The aggregator: scores in, running statistics out.
 *
 * <pre>
 * scores --(re-key by run/metric@version/benchmark)--> verdicts [item-verdicts]
 *        +-> stats [stats-counts] ---------------> aggregates
 *        +-> regression vs base [regression-counts] --> regression
 * </pre>
 *
 * The one repartition puts every model of a (run, metric version, benchmark) in one task: the
 * base model's counts and each fine-tuned model's pairs with it must meet there. The per-item
 * verdict table both deduplicates and pairs.
 *
 * All three stores are persistent and changelogged; with exactly-once processing a restart
 * resumes from the committed counts and a replayed scores topic changes nothing.
 */
public final class AggregatorTopology {
    public static final String ITEM_VERDICTS_STORE = "item-verdicts";
    public static final String STATS_STORE = "stats-counts";
    public static final String REGRESSION_STORE = "regression-counts";

    /** With the defaults: base model "base", 10,000 bootstrap resamples, the default seed. */
    public static Topology build() {
        return build(RegressionOptions.defaults());
    }

    public static Topology build(RegressionOptions options) {
        AvroSerde<Score> scores = AvroSerde.of(Score.class);
        StreamsBuilder builder = new StreamsBuilder();
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(ITEM_VERDICTS_STORE),
                Serdes.String(), new JsonSerde<>(ItemVerdicts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STATS_STORE),
                Serdes.String(), new JsonSerde<>(StatsCounts.class)));
        builder.addStateStore(Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(REGRESSION_STORE),
                Serdes.String(), new JsonSerde<>(RegressionCounts.class)));

        KStream<String, VerdictChange> changes = builder
                .stream(Topics.SCORES, Consumed.with(Serdes.String(), scores).withName("scores"))
                .filter((scoreId, score) -> score != null, Named.as("drop-tombstones"))
                .selectKey((scoreId, score) -> StoreKeys.partitionKey(score), Named.as("key-by-run-benchmark"))
                .repartition(Repartitioned.with(Serdes.String(), scores).withName("scores-by-run-benchmark"))
                .process(VerdictProcessor::new, Named.as("verdicts"), ITEM_VERDICTS_STORE);

        changes.process(StatsProcessor::new, Named.as("stats"), STATS_STORE)
                .to(Topics.AGGREGATES, Produced.with(Serdes.String(), AvroSerde.of(AccuracyStats.class))
                        .withName("aggregates"));
        changes.process(() -> new RegressionProcessor(options), Named.as("regression"), REGRESSION_STORE)
                .to(Topics.REGRESSION, Produced.with(Serdes.String(), AvroSerde.of(Regression.class))
                        .withName("regressions"));
        return builder.build();
    }

    private AggregatorTopology() {
    }
}
