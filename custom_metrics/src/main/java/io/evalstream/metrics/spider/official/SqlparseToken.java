package io.evalstream.metrics.spider.official;

/**
 * One token as sqlparse 0.6.0 lexes it, reduced to the distinctions that its statement splitter
 * and {@code remove_distinct} act on. {@code start}/{@code end} are char offsets into the text.
 */
record SqlparseToken(Type type, String value, int start, int end) {
    /** sqlparse's token types, as far as the splitter tells them apart (it compares them by identity). */
    enum Type {
        WHITESPACE, NEWLINE, COMMENT_SINGLE, COMMENT_SINGLE_HINT, COMMENT_MULTILINE, COMMENT_MULTILINE_HINT,
        PUNCTUATION,
        /** exactly {@code T.Keyword} */
        KEYWORD,
        /** {@code T.Keyword.DDL} (CREATE) */
        KEYWORD_DDL,
        /** another subtype of {@code T.Keyword} (DML, Order, ...) */
        KEYWORD_OTHER,
        NAME,
        /** strings, numbers, operators, placeholders, errors: tokens the splitter passes over */
        OTHER;

        boolean isKeyword() {
            return this == KEYWORD || this == KEYWORD_DDL || this == KEYWORD_OTHER;
        }
    }
}
