package io.evalstream.metrics.sql;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits SQL text into tokens the way SQLite does for what matters here: string literals,
 * quoted names and comments are never mistaken for statement separators or keywords.
 * An unterminated literal runs to the end of the text; SQLite itself will reject it.
 */
public final class SqlLexer {
    private SqlLexer() {
    }

    public static List<SqlToken> tokenize(String sql) {
        List<SqlToken> tokens = new ArrayList<>();
        int n = sql.length();
        int i = 0;
        while (i < n) {
            char c = sql.charAt(i);
            if (Character.isWhitespace(c)) {
                i++;
            } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
                while (i < n && sql.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
                int close = sql.indexOf("*/", i + 2);
                i = close < 0 ? n : close + 2;
            } else if (c == '\'') {
                int end = endOfQuoted(sql, i, '\'');
                tokens.add(new SqlToken(SqlToken.Kind.STRING, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '"' || c == '`') {
                int end = endOfQuoted(sql, i, c);
                tokens.add(new SqlToken(SqlToken.Kind.QUOTED, sql.substring(i, end), i, end));
                i = end;
            } else if (c == '[') {
                int close = sql.indexOf(']', i + 1);
                int end = close < 0 ? n : close + 1;
                tokens.add(new SqlToken(SqlToken.Kind.QUOTED, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
                int end = endOfNumber(sql, i);
                tokens.add(new SqlToken(SqlToken.Kind.NUMBER, sql.substring(i, end), i, end));
                i = end;
            } else if (Character.isLetter(c) || c == '_' || c == '$' || c > 127) {
                int end = i + 1;
                while (end < n && isWordChar(sql.charAt(end))) {
                    end++;
                }
                tokens.add(new SqlToken(SqlToken.Kind.WORD, sql.substring(i, end), i, end));
                i = end;
            } else {
                int len = symbolLength(sql, i);
                tokens.add(new SqlToken(SqlToken.Kind.SYMBOL, sql.substring(i, i + len), i, i + len));
                i += len;
            }
        }
        return tokens;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '_' || c == '$' || c > 127;
    }

    /** A quote char doubled inside the literal escapes itself, as in SQL. */
    private static int endOfQuoted(String sql, int start, char quote) {
        int i = start + 1;
        while (i < sql.length()) {
            if (sql.charAt(i) == quote) {
                if (i + 1 < sql.length() && sql.charAt(i + 1) == quote) {
                    i += 2;
                    continue;
                }
                return i + 1;
            }
            i++;
        }
        return sql.length();
    }

    private static int endOfNumber(String sql, int start) {
        int i = start;
        int n = sql.length();
        while (i < n && (Character.isDigit(sql.charAt(i)) || sql.charAt(i) == '.')) {
            i++;
        }
        if (i < n && (sql.charAt(i) == 'e' || sql.charAt(i) == 'E')) {
            int j = i + 1;
            if (j < n && (sql.charAt(j) == '+' || sql.charAt(j) == '-')) {
                j++;
            }
            if (j < n && Character.isDigit(sql.charAt(j))) {
                i = j;
                while (i < n && Character.isDigit(sql.charAt(i))) {
                    i++;
                }
            }
        }
        return i;
    }

    private static int symbolLength(String sql, int i) {
        if (i + 1 < sql.length()) {
            String two = sql.substring(i, i + 2);
            if (two.equals(">=") || two.equals("<=") || two.equals("!=") || two.equals("<>")
                    || two.equals("==") || two.equals("||") || two.equals("<<") || two.equals(">>")) {
                return 2;
            }
        }
        return 1;
    }
}
