package io.evalstream.metrics.sql;

import java.util.Locale;

/** One lexical token of SQL text; {@code start}/{@code end} are char offsets into the source. */
public record SqlToken(Kind kind, String text, int start, int end) {
    public enum Kind {
        /** A bare word: keyword, identifier or function name. */
        WORD,
        /** A double-quoted, backquoted or bracketed name (SQLite also accepts "..." as a string). */
        QUOTED,
        /** A single-quoted string literal. */
        STRING,
        NUMBER,
        /** Punctuation and operators: ( ) , . ; = != <> >= <= || and so on. */
        SYMBOL
    }

    /** Lower-cased text of a word, or the symbol itself; handy for keyword tests. */
    public String lower() {
        return text.toLowerCase(Locale.ROOT);
    }

    public boolean isWord(String word) {
        return kind == Kind.WORD && text.equalsIgnoreCase(word);
    }

    public boolean isSymbol(String symbol) {
        return kind == Kind.SYMBOL && text.equals(symbol);
    }
}
