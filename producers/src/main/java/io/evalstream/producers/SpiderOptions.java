package io.evalstream.producers;

import java.util.List;

/**
 * Which Spider items to produce.
 *
 * @param split               the Spider split; only {@code "dev"} exists here (the test split is not released with gold SQL)
 * @param limit               the first {@code limit} items of the split, or 0 for all
 * @param fewShotTrainIndices indices into train_spider.reduced.json of the examples every item carries
 */
public record SpiderOptions(String split, int limit, List<Integer> fewShotTrainIndices) {
    public static final String DEV = "dev";

    public SpiderOptions {
        if (!DEV.equals(split)) {
            throw new IllegalArgumentException("Spider split '" + split + "' is not supported; use \"" + DEV + "\"");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("Spider limit must be 0 (all items) or positive, was " + limit);
        }
        fewShotTrainIndices = fewShotTrainIndices == null ? List.of() : List.copyOf(fewShotTrainIndices);
    }

    /** All dev items, zero-shot. */
    public static SpiderOptions dev() {
        return new SpiderOptions(DEV, 0, List.of());
    }
}
