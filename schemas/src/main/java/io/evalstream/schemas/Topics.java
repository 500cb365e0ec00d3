package io.evalstream.schemas;

import java.util.List;

/**
 * Every topic the pipeline uses, each defined once with its value type and key. One set of topics
 * serves all runs; records carry their run id, and every key but a dead letter's starts with it.
 */
public final class Topics {
    /** Items sharing a prompt prefix (a Spider database, an MMLU subject) share a key, hence a partition. */
    public static final Topic<EvalItem> ITEMS = new Topic<>("evalstream.items", EvalItem.class,
            "run/BENCHMARK/group", RecordKeys::itemKey);
    /** The source of truth for what a model said; re-scoring replays it. */
    public static final Topic<Prediction> PREDICTIONS = new Topic<>("evalstream.predictions", Prediction.class,
            "run/model/BENCHMARK/item", Prediction::getPredictionId);
    public static final Topic<Score> SCORES = new Topic<>("evalstream.scores", Score.class,
            "run/model/BENCHMARK/item#metric@version", Score::getScoreId);
    /** Compacted: the latest statistics per key. */
    public static final Topic<AccuracyStats> AGGREGATES = new Topic<>("evalstream.aggregates", AccuracyStats.class,
            "run/metric@version/model/BENCHMARK/category", s -> RecordKeys.statsKey(s.getRunId(), s.getMetric(),
                    s.getMetricVersion(), s.getModelId(), s.getBenchmark(), s.getCategory()));
    /** Compacted: the latest comparison of each fine-tuned model with the base, per key. */
    public static final Topic<Regression> REGRESSION = new Topic<>("evalstream.regression", Regression.class,
            "run/metric@version/model/BENCHMARK/category", r -> RecordKeys.statsKey(r.getRunId(), r.getMetric(),
                    r.getMetricVersion(), r.getModelId(), r.getBenchmark(), r.getCategory()));
    /** Keyed like the record that could not be processed (its key may be missing). */
    public static final Topic<DeadLetter> DEAD_LETTERS = new Topic<>("evalstream.deadletters", DeadLetter.class,
            "the original record's key", DeadLetter::getKey);
    /** Compacted: one {@link RunManifest} per run id. */
    public static final Topic<RunManifest> RUNS = new Topic<>("evalstream.runs", RunManifest.class,
            "run", RunManifest::getRunId);

    /** Topics that carry records of many keys and benefit from partitions. */
    public static final List<Topic<?>> PARTITIONED = List.of(ITEMS, PREDICTIONS, SCORES);
    /** Topics read whole by the CLI and the API; compacted, so the latest value per key survives. */
    public static final List<Topic<?>> COMPACTED = List.of(AGGREGATES, REGRESSION, RUNS);

    public static List<Topic<?>> all() {
        return List.of(ITEMS, PREDICTIONS, SCORES, AGGREGATES, REGRESSION, DEAD_LETTERS, RUNS);
    }

    private Topics() {
    }
}
