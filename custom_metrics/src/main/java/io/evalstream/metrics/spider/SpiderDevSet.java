package io.evalstream.metrics.spider;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Reads Spider's dev split: dev.json (the items) and dev_gold.sql (the gold SQL file the official evaluator takes). */
public final class SpiderDevSet {
    private SpiderDevSet() {
    }

    /** The items of {@code <dataDir>/spider/dev.json}, in file order. */
    public static List<SpiderItem> read(Path dataDir) {
        Path file = dataDir.resolve("spider").resolve("dev.json");
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("Spider dev set not found: " + file.toAbsolutePath()
                    + " (pass --data or set EVALSTREAM_DATA to the folder holding spider/dev.json)");
        }
        try {
            JsonNode root = new ObjectMapper().readTree(file.toFile());
            if (!root.isArray()) {
                throw new IllegalArgumentException(file + ": expected a JSON array of items");
            }
            List<SpiderItem> items = new ArrayList<>(root.size());
            for (int i = 0; i < root.size(); i++) {
                JsonNode item = root.get(i);
                items.add(new SpiderItem(i, text(file, i, item, "db_id"), text(file, i, item, "question"), text(file, i, item, "query")));
            }
            return List.copyOf(items);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    /**
     * The SQL column of {@code <dataDir>/spider/dev_gold.sql} (lines "SQL&lt;TAB&gt;db_id"), aligned with dev.json:
     * used as a predictions file, it must score 1.0 on every scorable item.
     */
    public static List<String> goldSqlLines(Path dataDir) {
        Path file = dataDir.resolve("spider").resolve("dev_gold.sql");
        try {
            List<String> out = new ArrayList<>();
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                if (line.isBlank() && i == lines.size() - 1) {
                    continue;
                }
                int tab = line.lastIndexOf('\t');
                if (tab < 0) {
                    throw new IllegalArgumentException(file + ":" + (i + 1) + ": expected 'SQL<TAB>db_id'");
                }
                out.add(line.substring(0, tab));
            }
            return List.copyOf(out);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + " (the Spider gold SQL file; see spider/MANIFEST.md)", e);
        }
    }

    private static String text(Path file, int index, JsonNode item, String field) {
        JsonNode v = item.get(field);
        if (v == null || !v.isTextual()) {
            throw new IllegalArgumentException(file + ": item " + index + " has no text field '" + field + "'");
        }
        return v.asText();
    }
}
