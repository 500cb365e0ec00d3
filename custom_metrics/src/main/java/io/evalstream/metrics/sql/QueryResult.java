package io.evalstream.metrics.sql;

import java.util.Arrays;
import java.util.List;

/**
 * The rows a query returned, values as SQLite returned them: Long, Double, String, a
 * {@link Blob} or null. Rows are unmodifiable lists (they may hold nulls).
 */
public record QueryResult(List<String> columnNames, List<List<Object>> rows) {
    public QueryResult {
        columnNames = List.copyOf(columnNames);
        rows = List.copyOf(rows);
    }

    public int columnCount() {
        return columnNames.size();
    }

    /** A BLOB value with value equality (byte[] has identity equality). */
    public record Blob(byte[] bytes) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Blob b && Arrays.equals(bytes, b.bytes);
        }

        @Override
        public int hashCode() {
            return Arrays.hashCode(bytes);
        }

        @Override
        public String toString() {
            return "blob(" + bytes.length + " bytes)";
        }
    }
}
