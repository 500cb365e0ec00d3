package io.evalstream.producers;

import com.fasterxml.jackson.databind.JsonNode;
import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The schemas of all Spider databases, from tables.json. Built from tables.json rather than from
 * the sqlite files because tables.json covers all 166 databases (the train databases are not
 * here), so training and evaluation prompts get their schema the same way.
 *
 * <p>Names are the original ones ({@code table_names_original}, {@code column_names_original}):
 * those are what the SQL must use. A foreign key is listed on the table that holds the referencing
 * column, as {@code "column = other_table.other_column"}.
 */
public final class SpiderSchemaCatalog {
    public static final String FILE = "tables.json";

    private final Path file;
    private final Map<String, List<SchemaTable>> tablesByDb;

    private SpiderSchemaCatalog(Path file, Map<String, List<SchemaTable>> tablesByDb) {
        this.file = file;
        this.tablesByDb = tablesByDb;
    }

    /** Reads {@code <spiderDir>/tables.json}. */
    public static SpiderSchemaCatalog read(Path spiderDir) {
        Path file = spiderDir.resolve(FILE);
        Map<String, List<SchemaTable>> tablesByDb = new LinkedHashMap<>();
        for (JsonArrayFile.Element db : JsonArrayFile.read(file, DataSource.SPIDER,
                "database schemas {db_id, table_names_original, column_names_original, column_types, primary_keys, foreign_keys}")) {
            String dbId = db.text("db_id");
            if (tablesByDb.put(dbId, tablesOf(db, dbId)) != null) {
                throw db.problem("database '" + dbId + "' is described twice");
            }
        }
        return new SpiderSchemaCatalog(file, Map.copyOf(tablesByDb));
    }

    public boolean contains(String dbId) {
        return tablesByDb.containsKey(dbId);
    }

    public int size() {
        return tablesByDb.size();
    }

    /** The tables of {@code dbId}; the list is shared between items, do not modify it. */
    public List<SchemaTable> tables(String dbId) {
        List<SchemaTable> tables = tablesByDb.get(dbId);
        if (tables == null) {
            throw new IllegalArgumentException("database '" + dbId + "' is not in " + file);
        }
        return tables;
    }

    private static List<SchemaTable> tablesOf(JsonArrayFile.Element db, String dbId) {
        List<String> tableNames = texts(db, "table_names_original");
        JsonNode columns = db.array("column_names_original");
        List<String> types = texts(db, "column_types");
        if (types.size() != columns.size()) {
            throw db.problem(dbId + ": column_types has " + types.size() + " entries but column_names_original has "
                    + columns.size() + " (expected one type per column)");
        }
        // Column 0 is Spider's "*" pseudo-column (table index -1); the others name their table by index.
        int[] tableOf = new int[columns.size()];
        String[] columnName = new String[columns.size()];
        for (int c = 0; c < columns.size(); c++) {
            JsonNode column = columns.get(c);
            if (!column.isArray() || column.size() != 2 || !column.get(0).isInt() || !column.get(1).isTextual()) {
                throw db.problem(dbId + ": column_names_original[" + c + "] is " + column + " (expected [table index, name])");
            }
            tableOf[c] = column.get(0).asInt();
            columnName[c] = column.get(1).asText();
            if (tableOf[c] < -1 || tableOf[c] >= tableNames.size()) {
                throw db.problem(dbId + ": column_names_original[" + c + "] refers to table " + tableOf[c]
                        + " but there are " + tableNames.size() + " tables");
            }
        }
        Set<Integer> primaryKeys = primaryKeyColumns(db, dbId, columns.size());

        List<List<String>> foreignKeys = new ArrayList<>();
        tableNames.forEach(t -> foreignKeys.add(new ArrayList<>()));
        for (JsonNode pair : db.array("foreign_keys")) {
            if (!pair.isArray() || pair.size() != 2 || !isColumn(pair.get(0), columns.size()) || !isColumn(pair.get(1), columns.size())) {
                throw db.problem(dbId + ": foreign_keys entry " + pair + " is not [column index, referenced column index]");
            }
            int from = pair.get(0).asInt();
            int to = pair.get(1).asInt();
            foreignKeys.get(tableOf[from]).add(columnName[from] + " = " + tableNames.get(tableOf[to]) + "." + columnName[to]);
        }

        List<SchemaTable> tables = new ArrayList<>();
        for (int t = 0; t < tableNames.size(); t++) {
            List<SchemaColumn> tableColumns = new ArrayList<>();
            for (int c = 1; c < columns.size(); c++) {
                if (tableOf[c] == t) {
                    tableColumns.add(new SchemaColumn(columnName[c], types.get(c), primaryKeys.contains(c)));
                }
            }
            tables.add(new SchemaTable(tableNames.get(t), List.copyOf(tableColumns), List.copyOf(foreignKeys.get(t))));
        }
        return List.copyOf(tables);
    }

    /** Later Spider releases write a composite key as a nested list; both forms are accepted. */
    private static Set<Integer> primaryKeyColumns(JsonArrayFile.Element db, String dbId, int columnCount) {
        Set<Integer> keys = new HashSet<>();
        for (JsonNode key : db.array("primary_keys")) {
            for (JsonNode column : key.isArray() ? key : List.of(key)) {
                if (!isColumn(column, columnCount)) {
                    throw db.problem(dbId + ": primary_keys entry " + key + " is not a column index below " + columnCount);
                }
                keys.add(column.asInt());
            }
        }
        return keys;
    }

    private static boolean isColumn(JsonNode node, int columnCount) {
        return node != null && node.isInt() && node.asInt() > 0 && node.asInt() < columnCount;
    }

    private static List<String> texts(JsonArrayFile.Element db, String field) {
        List<String> texts = new ArrayList<>();
        for (JsonNode value : db.array(field)) {
            if (!value.isTextual()) {
                throw db.problem("field \"" + field + "\" holds " + value + " (expected strings)");
            }
            texts.add(value.asText());
        }
        return texts;
    }
}
