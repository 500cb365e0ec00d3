package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Small broken Spider files in a temporary data folder: every error names file, line or item, and what was expected. */
class SpiderMalformedDataTest {
    private static final String TABLES = """
            [
              {"db_id": "shop",
               "table_names_original": ["item", "sale"],
               "column_names_original": [[-1, "*"], [0, "id"], [0, "name"], [1, "item_id"], [1, "day"]],
               "column_types": ["text", "number", "text", "number", "time"],
               "primary_keys": [1, [3, 4]],
               "foreign_keys": [[3, 1]]}
            ]
            """;

    @TempDir
    Path data;
    Path spider;

    @BeforeEach
    void writeTables() throws IOException {
        spider = Files.createDirectories(data.resolve("spider"));
        Files.writeString(spider.resolve("tables.json"), TABLES);
    }

    @Test
    void aWellFormedFolderReadsWithCompositeKeysAndAMissingDatabase() throws IOException {
        dev("""
                [{"db_id": "shop", "question": "How many items?", "query": "SELECT count(*) FROM item"}]
                """);

        EvalItem item = SpiderDataset.read(data, "r", SpiderOptions.dev()).get(0);

        assertEquals("[{\"name\": \"item_id\", \"type\": \"number\", \"primary_key\": true}, "
                + "{\"name\": \"day\", \"type\": \"time\", \"primary_key\": true}]",
                item.getSpider().getTables().get(1).getColumns().toString());
        assertEquals(List.of("item_id = item.id"), item.getSpider().getTables().get(1).getForeignKeys());
        assertEquals("database shop is missing: expected " + spider.resolve("database/shop/shop.sqlite")
                + " (the gold and predicted SQL cannot be executed without it)", item.getUnscorableReason());
    }

    @Test
    void malformedJsonNamesFileLineAndColumn() throws IOException {
        Path dev = dev("""
                [
                  {"db_id": "shop", "question": "q", "query": "SELECT 1"}
                  {"db_id": "shop", "question": "q", "query": "SELECT 2"}
                ]
                """);

        DataFormatException e = assertThrows(DataFormatException.class, () -> SpiderDataset.read(data, "r", SpiderOptions.dev()));

        assertEquals(dev, e.file());
        assertEquals(3, e.line());
        assertTrue(e.getMessage().startsWith(dev + ":3: malformed JSON (column 3): Unexpected character ('{'"), e.getMessage());
        assertTrue(e.getMessage().endsWith("expected a JSON array of a Spider item {db_id, question, query}"), e.getMessage());
    }

    @Test
    void notAnArrayIsNamed() throws IOException {
        Path dev = dev("{\"db_id\": \"shop\"}");

        DataFormatException e = assertThrows(DataFormatException.class, () -> SpiderDataset.read(data, "r", SpiderOptions.dev()));

        assertEquals(dev + ":1: expected a JSON array of a Spider item {db_id, question, query} but found '{'", e.getMessage());
    }

    @Test
    void missingFieldNamesItemIndexLineAndField() throws IOException {
        Path dev = dev("""
                [
                  {"db_id": "shop", "question": "q", "query": "SELECT 1"},
                  {"db_id": "shop",
                   "question": "no gold here"}
                ]
                """);

        DataFormatException e = assertThrows(DataFormatException.class, () -> SpiderDataset.read(data, "r", SpiderOptions.dev()));

        assertEquals(dev + ":3: item #1: missing field \"query\" (expected a string)", e.getMessage());
    }

    @Test
    void unknownDatabaseIsNamed() throws IOException {
        Path dev = dev("""
                [{"db_id": "warehouse", "question": "q", "query": "SELECT 1"}]
                """);

        DataFormatException e = assertThrows(DataFormatException.class, () -> SpiderDataset.read(data, "r", SpiderOptions.dev()));

        assertEquals(dev + ":1: item #0: db_id 'warehouse' is not described in tables.json (expected one of its 1 databases)",
                e.getMessage());
    }

    @Test
    void foreignKeyToAColumnThatDoesNotExistNamesTheDatabase() throws IOException {
        Files.writeString(spider.resolve("tables.json"), TABLES.replace("[[3, 1]]", "[[3, 9]]"));
        dev("[]");

        DataFormatException e = assertThrows(DataFormatException.class, () -> SpiderDataset.read(data, "r", SpiderOptions.dev()));

        assertTrue(e.getMessage().startsWith(spider.resolve("tables.json") + ":2: item #0: shop: foreign_keys entry [3,9]"),
                e.getMessage());
    }

    @Test
    void missingDevFileSaysWhereToGetSpider() {
        MissingDataException e = assertThrows(MissingDataException.class, () -> SpiderDataset.read(data, "r", SpiderOptions.dev()));

        assertEquals(spider.resolve("dev.json"), e.file());
        assertTrue(e.getMessage().contains("yale-lily.github.io/spider"), e.getMessage());
    }

    @Test
    void missingTrainFileIsOnlyNeededForFewShot() throws IOException {
        dev("[]");

        MissingDataException e = assertThrows(MissingDataException.class,
                () -> SpiderDataset.read(data, "r", new SpiderOptions("dev", 0, List.of(3))));

        assertTrue(e.getMessage().contains("train_spider.reduced.json"), e.getMessage());
        assertEquals(List.of(), SpiderDataset.read(data, "r", SpiderOptions.dev()));
    }

    private Path dev(String json) throws IOException {
        return Files.writeString(spider.resolve("dev.json"), json);
    }
}
