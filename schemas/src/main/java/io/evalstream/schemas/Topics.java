package io.evalstream.schemas;

import java.util.List;

/** Names of every topic the pipeline uses. One set of topics serves all runs; records carry their run id. */
public final class Topics {
    public static final String ITEMS = "evalstream.items";
    public static final String PREDICTIONS = "evalstream.predictions";
    public static final String SCORES = "evalstream.scores";
    public static final String AGGREGATES = "evalstream.aggregates";
    public static final String REGRESSION = "evalstream.regression";
    public static final String DEAD_LETTERS = "evalstream.deadletters";
    /** Compacted: one {@link RunManifest} per run id. */
    public static final String RUNS = "evalstream.runs";

    /** Topics that carry records of many keys and benefit from partitions. */
    public static final List<String> PARTITIONED = List.of(ITEMS, PREDICTIONS, SCORES);
    /** Topics read whole by the CLI and the API; compacted, so the latest value per key survives. */
    public static final List<String> COMPACTED = List.of(AGGREGATES, REGRESSION, RUNS);

    public static List<String> all() {
        return List.of(ITEMS, PREDICTIONS, SCORES, AGGREGATES, REGRESSION, DEAD_LETTERS, RUNS);
    }

    private Topics() {
    }
}
