package io.evalstream.cli.sft;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import io.evalstream.cli.TestData;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** The data, the model folders and the file readers the export tests share. */
final class SftFixtures {
    static final ObjectMapper JSON = new ObjectMapper();

    private SftFixtures() {
    }

    /** The real data folder; the test is skipped with a message when it is absent. */
    static Path spiderData() {
        Path dir = TestData.dataFolder();
        assumeTrue(Files.isRegularFile(dir.resolve("spider/train_spider.reduced.json")) && Files.isRegularFile(dir.resolve("spider/dev.json"))
                        && Files.isRegularFile(dir.resolve("spider/tables.json")),
                "needs Spider's train_spider.reduced.json, dev.json and tables.json in " + dir.toAbsolutePath().resolve("spider")
                        + ": set EVALSTREAM_DATA to the data folder (see the README, 'Data')");
        return dir;
    }

    /** The generator's tiny Llama 3 fixture (scripts/make_fixtures.py): its base folder and adapters. */
    static Path llama3Fixture() {
        Path fixture = Path.of(System.getProperty("evalstream.root", "..")).resolve("generator/src/test/resources/fixtures/llama3");
        assumeTrue(Files.isDirectory(fixture.resolve("base")), "needs the fixture model " + fixture
                + " (made by scripts/make_fixtures.py, committed with the generator's tests)");
        return fixture;
    }

    /**
     * A Spider data folder with one table per database, a dev.json and a train file of
     * (db_id, question) pairs; no SQLite files, which the export does not read.
     */
    static Path syntheticSpider(Path dir, List<String> databases, List<String[]> dev, List<String[]> train) throws IOException {
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

    private static String items(List<String[]> items) {
        List<String> lines = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            lines.add("{\"db_id\": \"%s\", \"question\": \"%s\", \"query\": \"SELECT name FROM thing WHERE id = %d\"}"
                    .formatted(items.get(i)[0], items.get(i)[1], i));
        }
        return "[\n" + String.join(",\n", lines) + "\n]\n";
    }

    static List<JsonNode> records(Path trainFile) throws IOException {
        List<JsonNode> records = new ArrayList<>();
        for (String line : Files.readAllLines(trainFile)) {
            records.add(JSON.readTree(line));
        }
        return records;
    }

    static JsonNode manifest(Path outDir) throws IOException {
        return JSON.readTree(outDir.resolve(SftExport.MANIFEST_FILE).toFile());
    }
}
