package io.evalstream.producers;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import io.evalstream.schemas.SpiderExample;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The supervised fine-tuning set: train_spider.reduced.json as JSON lines
 * {@code {"db_id", "question", "query", "tables": [{"name", "columns": [{"name", "type", "primary_key"}], "foreign_keys"}]}}.
 *
 * <p>The schema is exported as structured tables, exactly as Spider items carry it
 * ({@code SpiderPayload.tables}), not as prompt text: the generator owns prompt rendering, and
 * the fine-tuning recipe must render training prompts with the same template it evaluates with.
 */
public final class SftExport {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SftExport() {
    }

    /** The training examples, each with its database schema from tables.json, in file order. */
    public static List<SpiderExample> examples(Path dataDir) {
        Path spiderDir = dataDir.resolve(SpiderDataset.SPIDER_DIR);
        SpiderSchemaCatalog catalog = SpiderSchemaCatalog.read(spiderDir);
        return JsonArrayFile.read(spiderDir.resolve(SpiderDataset.TRAIN_FILE), DataSource.SPIDER_TRAIN_REDUCED,
                        "a Spider train item {db_id, question, query}").stream()
                .map(element -> SpiderDataset.example(element, catalog))
                .toList();
    }

    /** Writes the examples to {@code output} (UTF-8, one JSON object a line) and returns how many. */
    public static int write(Path dataDir, Path output) {
        List<SpiderExample> examples = examples(dataDir);
        try {
            if (output.getParent() != null) {
                Files.createDirectories(output.getParent());
            }
            try (BufferedWriter out = Files.newBufferedWriter(output, StandardCharsets.UTF_8)) {
                for (SpiderExample example : examples) {
                    out.write(MAPPER.writeValueAsString(toJson(example)));
                    out.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the SFT set to " + output + ": " + e.getMessage(), e);
        }
        return examples.size();
    }

    static ObjectNode toJson(SpiderExample example) {
        ObjectNode line = MAPPER.createObjectNode()
                .put("db_id", example.getDbId())
                .put("question", example.getQuestion())
                .put("query", example.getQuery());
        ArrayNode tables = line.putArray("tables");
        for (SchemaTable table : example.getTables()) {
            ObjectNode tableJson = tables.addObject().put("name", table.getName());
            ArrayNode columns = tableJson.putArray("columns");
            for (SchemaColumn column : table.getColumns()) {
                columns.addObject()
                        .put("name", column.getName())
                        .put("type", column.getType())
                        .put("primary_key", column.getPrimaryKey());
            }
            ArrayNode foreignKeys = tableJson.putArray("foreign_keys");
            table.getForeignKeys().forEach(foreignKeys::add);
        }
        return line;
    }
}
