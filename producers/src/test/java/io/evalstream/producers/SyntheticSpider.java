package io.evalstream.producers;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A tiny Spider data folder written by a test: tables.json with one table per database, dev.json
 * and train_spider.reduced.json from (db_id, question) pairs. No SQLite files: what reads them
 * needs only the JSON.
 */
final class SyntheticSpider {
    private SyntheticSpider() {
    }

    /** A question asked on a database; the gold SQL is made up from it. */
    record Item(String dbId, String question) {
    }

    static Path write(Path dir, List<String> databases, List<Item> dev, List<Item> train) throws IOException {
        Path spider = Files.createDirectories(dir.resolve("spider"));
        List<String> tables = new ArrayList<>();
        for (String db : databases) {
            tables.add("""
                    {"db_id": "%s", "table_names_original": ["thing"],
                     "column_names_original": [[-1, "*"], [0, "id"], [0, "name"]], "column_types": ["text", "number", "text"],
                     "primary_keys": [1], "foreign_keys": []}""".formatted(db));
        }
        Files.writeString(spider.resolve("tables.json"), "[\n" + String.join(",\n", tables) + "\n]\n");
        Files.writeString(spider.resolve("dev.json"), items(dev));
        Files.writeString(spider.resolve("train_spider.reduced.json"), items(train));
        return dir;
    }

    private static String items(List<Item> items) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            lines.add("{\"db_id\": \"%s\", \"question\": \"%s\", \"query\": \"SELECT name FROM thing WHERE id = %d\"}"
                    .formatted(items.get(i).dbId(), items.get(i).question(), i));
        }
        return "[\n" + String.join(",\n", lines) + "\n]\n";
    }
}
