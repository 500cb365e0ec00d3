package io.evalstream.producers;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Spider's train split (train_spider.reduced.json) as fine-tuning examples, each with its
 * database schema from tables.json: the same structure, read the same way, as a dev item's
 * ({@link SpiderDataset}), so training and evaluation prompts get the same schema text.
 */
public final class SpiderTrainSet {
    public static final String SPLIT = "train";

    private SpiderTrainSet() {
    }

    /** Every train example in file order. */
    public static List<SftExample> read(Path dataDir) {
        Path spiderDir = dataDir.resolve(SpiderDataset.SPIDER_DIR);
        SpiderSchemaCatalog catalog = SpiderSchemaCatalog.read(spiderDir);
        List<SftExample> examples = new ArrayList<>();
        for (JsonArrayFile.Element element : JsonArrayFile.read(spiderDir.resolve(SpiderDataset.TRAIN_FILE),
                DataSource.SPIDER_TRAIN_REDUCED, "a Spider train item {db_id, question, query}")) {
            examples.add(new SftExample(SpiderDataset.itemId(SPLIT, element.index()), element.index(),
                    SpiderDataset.example(element, catalog)));
        }
        return List.copyOf(examples);
    }

    /**
     * The examples in an order that depends only on the seed ({@link Random} is specified to give
     * the same sequence on every JVM), the first {@code limit} of them (0: all).
     */
    public static List<SftExample> select(List<SftExample> examples, long seed, int limit) {
        if (limit < 0) {
            throw new IllegalArgumentException("limit is " + limit + "; use 0 for all examples or a positive count");
        }
        List<SftExample> shuffled = new ArrayList<>(examples);
        Collections.shuffle(shuffled, new Random(seed));
        return List.copyOf(limit == 0 || limit >= shuffled.size() ? shuffled : shuffled.subList(0, limit));
    }

    /**
     * The few-shot examples of one training example: those at {@code shotIndices}, except the
     * example itself, which would show the model its own answer. The one it replaces is the next
     * index after the largest of {@code shotIndices} (skipping the example), so every example
     * gets as many shots as the evaluation's items.
     */
    public static List<SftExample> shotsFor(SftExample example, List<SftExample> all, List<Integer> shotIndices) {
        Set<Integer> chosen = new LinkedHashSet<>();
        int next = -1;
        for (int index : shotIndices) {
            if (index < 0 || index >= all.size()) {
                throw new IllegalArgumentException("few-shot train index " + index + " is outside " + SpiderDataset.TRAIN_FILE
                        + ", which has " + all.size() + " items (valid: 0.." + (all.size() - 1) + ")");
            }
            if (!chosen.add(index)) {
                throw new IllegalArgumentException("few-shot train index " + index + " is given twice; give distinct indices");
            }
            next = Math.max(next, index);
        }
        chosen.remove(example.index());
        while (chosen.size() < shotIndices.size()) {
            next++;
            if (next >= all.size()) {
                throw new IllegalArgumentException("no train example is left to replace " + example.id() + " among its own few-shot examples");
            }
            if (next != example.index()) {
                chosen.add(next);
            }
        }
        return chosen.stream().map(all::get).toList();
    }
}
