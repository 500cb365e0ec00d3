package io.evalstream.producers;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.SpiderExample;
import io.evalstream.schemas.SpiderPayload;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** Spider dev items, ready for the items topic. */
public final class SpiderDataset {
    public static final String SPIDER_DIR = "spider";
    public static final String DEV_FILE = "dev.json";
    public static final String TRAIN_FILE = "train_spider.reduced.json";
    private static final String ITEM = "a Spider item {db_id, question, query}";

    private SpiderDataset() {
    }

    /**
     * Items of the dev split in dev.json order: item_id {@code spider-dev-0000}.., index = position,
     * group = db_id, gold = the gold SQL, the database schema from tables.json and the few-shot
     * examples of {@code options}. An item whose database file is missing is still produced, with
     * {@code unscorable_reason} naming the database and the expected path: it must be counted as
     * unscorable downstream, never dropped and never scored as wrong.
     */
    public static List<EvalItem> read(Path dataDir, String runId, SpiderOptions options) {
        Path spiderDir = dataDir.resolve(SPIDER_DIR);
        SpiderSchemaCatalog catalog = SpiderSchemaCatalog.read(spiderDir);
        List<SpiderExample> fewShot = fewShotExamples(spiderDir, catalog, options.fewShotTrainIndices());
        List<JsonArrayFile.Element> dev = JsonArrayFile.read(spiderDir.resolve(DEV_FILE), DataSource.SPIDER, ITEM);

        int count = options.limit() == 0 ? dev.size() : Math.min(options.limit(), dev.size());
        Map<String, String> unscorableReasonByDb = new HashMap<>();
        List<EvalItem> items = new ArrayList<>(count);
        for (JsonArrayFile.Element element : dev.subList(0, count)) {
            SpiderExample example = example(element, catalog);
            String unscorableReason = unscorableReasonByDb.computeIfAbsent(example.getDbId(),
                    db -> missingDatabaseReason(dataDir, db));
            items.add(EvalItem.newBuilder()
                    .setRunId(runId)
                    .setBenchmark(Benchmark.SPIDER)
                    .setItemId(itemId(options.split(), element.index()))
                    .setIndex(element.index())
                    .setGroup(example.getDbId())
                    .setCategory(null)
                    .setQuestion(example.getQuestion())
                    .setGold(example.getQuery())
                    .setSpider(new SpiderPayload(example.getDbId(), example.getTables(), fewShot))
                    .setMmlu(null)
                    .setUnscorableReason(unscorableReason)
                    .build());
        }
        return items;
    }

    /** {@code spider-dev-0042}: four digits keep ids sortable for the 1034 dev items. */
    public static String itemId(String split, int index) {
        return String.format("spider-%s-%04d", split, index);
    }

    /** Where an item's database must be for it to be scored: {@code <data>/spider/database/<db>/<db>.sqlite}. */
    public static Path databaseFile(Path dataDir, String dbId) {
        return dataDir.resolve(SPIDER_DIR).resolve("database").resolve(dbId).resolve(dbId + ".sqlite");
    }

    private static String missingDatabaseReason(Path dataDir, String dbId) {
        Path database = databaseFile(dataDir, dbId);
        return Files.isRegularFile(database) ? null
                : "database " + dbId + " is missing: expected " + database
                  + " (the gold and predicted SQL cannot be executed without it)";
    }

    private static List<SpiderExample> fewShotExamples(Path spiderDir, SpiderSchemaCatalog catalog, List<Integer> indices) {
        if (indices.isEmpty()) {
            return List.of();
        }
        Path trainFile = spiderDir.resolve(TRAIN_FILE);
        List<JsonArrayFile.Element> train = JsonArrayFile.read(trainFile, DataSource.SPIDER_TRAIN_REDUCED, ITEM);
        List<SpiderExample> examples = new ArrayList<>();
        for (int index : indices) {
            if (index < 0 || index >= train.size()) {
                throw new IllegalArgumentException("few-shot train index " + index + " is outside " + trainFile
                        + ", which has " + train.size() + " items (valid: 0.." + (train.size() - 1) + ")");
            }
            examples.add(example(train.get(index), catalog));
        }
        return List.copyOf(examples);
    }

    /** One question with its gold SQL and its database schema; also the form of a few-shot example. */
    static SpiderExample example(JsonArrayFile.Element element, SpiderSchemaCatalog catalog) {
        String dbId = element.text("db_id");
        String question = element.text("question");
        String query = element.text("query");
        if (!catalog.contains(dbId)) {
            throw element.problem("db_id '" + dbId + "' is not described in " + SpiderSchemaCatalog.FILE
                    + " (expected one of its " + catalog.size() + " databases)");
        }
        return new SpiderExample(dbId, question, query, catalog.tables(dbId));
    }
}
