package io.evalstream.generator.prompt;

import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import java.util.ArrayList;
import java.util.List;

/**
 * A database schema as CREATE TABLE statements, built from Spider's tables.json structure (the
 * same text for training and evaluation prompts). Foreign keys arrive as
 * {@code "column = other_table.column"}.
 */
public final class SchemaText {

    private SchemaText() {
    }

    public static String render(List<SchemaTable> tables) {
        StringBuilder sb = new StringBuilder();
        for (SchemaTable table : tables) {
            if (sb.length() > 0) {
                sb.append('\n');
            }
            List<String> lines = new ArrayList<>();
            List<String> keys = new ArrayList<>();
            for (SchemaColumn c : table.getColumns()) {
                lines.add("  " + c.getName() + " " + c.getType());
                if (c.getPrimaryKey()) {
                    keys.add(c.getName());
                }
            }
            if (!keys.isEmpty()) {
                lines.add("  PRIMARY KEY (" + String.join(", ", keys) + ")");
            }
            for (String fk : table.getForeignKeys()) {
                lines.add("  " + foreignKey(fk));
            }
            sb.append("CREATE TABLE ").append(table.getName()).append(" (\n").append(String.join(",\n", lines)).append("\n);");
        }
        return sb.toString();
    }

    private static String foreignKey(String fk) {
        int eq = fk.indexOf(" = ");
        int dot = fk.lastIndexOf('.');
        if (eq < 0 || dot < eq) {
            return "-- foreign key: " + fk;
        }
        String column = fk.substring(0, eq).trim();
        String table = fk.substring(eq + 3, dot).trim();
        String other = fk.substring(dot + 1).trim();
        return "FOREIGN KEY (" + column + ") REFERENCES " + table + "(" + other + ")";
    }
}
