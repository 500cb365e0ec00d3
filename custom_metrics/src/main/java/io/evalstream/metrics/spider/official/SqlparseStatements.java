package io.evalstream.metrics.spider.official;

import io.evalstream.metrics.spider.official.SqlparseToken.Type;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Where sqlparse 0.6.0 ends the first statement ({@code engine/statement_splitter.py}): at a
 * {@code ;} outside parentheses and BEGIN blocks, plus the spaces and {@code --} comments that
 * follow it on the same line. {@code END} lowers the level even after a CASE, a word such as
 * {@code begin} used as a column name opens a block that no {@code ;} closes, and an unbalanced
 * {@code (} keeps the rest of the text in the first statement: all as in sqlparse.
 */
final class SqlparseStatements {
    private final Deque<String> blockStack = new ArrayDeque<>();
    private String unconfirmedStart;
    private boolean isCreate;
    private boolean seenBegin;
    private int level;

    private SqlparseStatements() {
    }

    /**
     * The end offset of the first statement, or -1 when sqlparse finds none (the text is only
     * whitespace: {@code sqlparse.parse(s)[0]} then raises IndexError).
     */
    static int firstStatementEnd(List<SqlparseToken> tokens) {
        return new SqlparseStatements().scan(tokens);
    }

    private int scan(List<SqlparseToken> tokens) {
        boolean consumeWhitespace = false;
        int end = 0;
        boolean onlyWhitespace = true;
        for (SqlparseToken t : tokens) {
            Type type = t.type();
            if (consumeWhitespace && type != Type.WHITESPACE && type != Type.COMMENT_SINGLE) {
                return end;
            }
            level += changeSplitLevel(type, t.value());
            end = t.end();
            onlyWhitespace &= type == Type.WHITESPACE || type == Type.NEWLINE;
            if (type == Type.PUNCTUATION && t.value().equals(";")) {
                seenBegin = false;
                if (level <= 0 && !blockStack.contains("BEGIN")) {
                    consumeWhitespace = true;
                }
            } else if (type == Type.KEYWORD && t.value().split("\\s+")[0].equals("GO")) {
                consumeWhitespace = true;
            } else if (type != Type.WHITESPACE && type != Type.NEWLINE && type != Type.COMMENT_SINGLE
                    && type != Type.COMMENT_MULTILINE && !(type == Type.KEYWORD && t.value().equalsIgnoreCase("BEGIN"))) {
                seenBegin = false;
            }
        }
        return onlyWhitespace ? -1 : end;
    }

    private int changeSplitLevel(Type type, String value) {
        if (type == Type.PUNCTUATION && value.equals(";")) {
            unconfirmedStart = null;
            if (seenBegin) {
                seenBegin = false;
                if ("BEGIN".equals(blockStack.peekLast())) {
                    blockStack.removeLast();
                    return -1;
                }
            }
            return 0;
        }
        if (type == Type.PUNCTUATION && value.equals("(")) {
            return 1;
        }
        if (type == Type.PUNCTUATION && value.equals(")")) {
            return -1;
        }
        if (!type.isKeyword()) {
            return 0;
        }
        String unified = value.toUpperCase(Locale.ROOT);
        if (type == Type.KEYWORD_DDL && unified.startsWith("CREATE")) {
            isCreate = true;
            return 0;
        }
        if (unified.equals("DECLARE") && isCreate && blockStack.isEmpty()) {
            blockStack.addLast("DECLARE");
            return 1;
        }
        if (unified.equals("BEGIN")) {
            seenBegin = true;
            if ("DECLARE".equals(blockStack.peekLast())) {
                blockStack.removeLast();
                blockStack.addLast("BEGIN");
                return 0;
            }
            blockStack.addLast("BEGIN");
            return 1;
        }
        if (seenBegin && type == Type.KEYWORD && Set.of("TRANSACTION", "WORK", "TRAN", "DISTRIBUTED", "DEFERRED",
                "IMMEDIATE", "EXCLUSIVE").contains(unified)) {
            seenBegin = false;
            if ("BEGIN".equals(blockStack.peekLast())) {
                blockStack.removeLast();
                return -1;
            }
            return 0;
        }
        if (blockStack.contains("BEGIN")) {
            Integer nested = nestedBlock(unified);
            if (nested != null) {
                return nested;
            }
        }
        return closingKeyword(unified);
    }

    private Integer nestedBlock(String unified) {
        switch (unified) {
            case "FOR", "WHILE" -> {
                unconfirmedStart = unified;
                return 0;
            }
            case "LOOP", "DO" -> {
                if ("FOR".equals(unconfirmedStart) || "WHILE".equals(unconfirmedStart)) {
                    blockStack.addLast(unconfirmedStart);
                    unconfirmedStart = null;
                    return 1;
                }
                if (unified.equals("LOOP")) {
                    blockStack.addLast("LOOP");
                    return 1;
                }
                return null;
            }
            case "IF", "CASE" -> {
                blockStack.addLast(unified);
                return 1;
            }
            default -> {
                return null;
            }
        }
    }

    private int closingKeyword(String unified) {
        String top = blockStack.peekLast();
        switch (unified) {
            case "END IF", "END FOR", "END WHILE", "END CASE" -> {
                if (unified.substring(4).equals(top)) {
                    blockStack.removeLast();
                    return -1;
                }
                return 0;
            }
            case "END LOOP" -> {
                if ("LOOP".equals(top) || "FOR".equals(top) || "WHILE".equals(top)) {
                    blockStack.removeLast();
                    return -1;
                }
                return 0;
            }
            case "END" -> {
                if (top != null) {
                    blockStack.removeLast();
                }
                return -1;
            }
            default -> {
                return 0;
            }
        }
    }
}
