package io.evalstream.metrics.sql;

import io.evalstream.metrics.Outcome;
import java.util.List;
import java.util.Set;

/**
 * The first gate for untrusted SQL: exactly one statement, and it must be a read query.
 * sqlite-jdbc compiles only the first statement of a string and silently ignores the rest,
 * so a second statement is refused here rather than quietly dropped. The read-only open mode
 * and query_only pragma stop writes anyway; this gate gives the clear reason.
 */
public final class SingleStatement {
    private static final Set<String> READ_STARTS = Set.of("select", "with", "values");
    /** First words of the statements SQLite knows that are not read queries: these are refused, not syntax errors. */
    private static final Set<String> STATEMENT_STARTS = Set.of("insert", "update", "delete", "replace",
            "drop", "create", "alter", "attach", "detach", "pragma", "vacuum", "reindex", "analyze", "begin", "commit",
            "end", "rollback", "savepoint", "release", "explain", "upsert");

    private SingleStatement() {
    }

    /**
     * Returns the one statement without trailing semicolons.
     *
     * @throws QueryFailure REFUSED for a second statement or a statement that is not a read query;
     *                      EMPTY_OUTPUT for text with no tokens
     */
    public static String of(String sql) throws QueryFailure {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        int firstSemicolon = -1;
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(";")) {
                if (firstSemicolon < 0) {
                    firstSemicolon = i;
                }
            } else if (firstSemicolon >= 0) {
                SqlToken extra = tokens.get(i);
                throw new QueryFailure(Outcome.REFUSED, "only one statement may run, but a second one starts at char "
                        + extra.start() + " ('" + abbreviate(sql.substring(extra.start()).trim(), 40) + "')");
            }
        }
        int contentEnd = firstSemicolon >= 0 ? firstSemicolon : tokens.size();
        if (contentEnd == 0) {
            throw new QueryFailure(Outcome.EMPTY_OUTPUT, "no SQL to run");
        }
        SqlToken first = tokens.get(0);
        if (!(first.isSymbol("(") || (first.kind() == SqlToken.Kind.WORD && READ_STARTS.contains(first.lower())))) {
            if (first.kind() == SqlToken.Kind.WORD && STATEMENT_STARTS.contains(first.lower())) {
                throw new QueryFailure(Outcome.REFUSED, "only a read query (SELECT, WITH or VALUES) may run; this statement starts with '"
                        + first.text() + "'");
            }
            // not a statement SQLite knows (a typo such as SELEC, or prose): the model wrote invalid SQL
            throw new QueryFailure(Outcome.SYNTAX_ERROR, "not an SQL statement: it starts with '"
                    + abbreviate(first.text(), 40) + "'");
        }
        return sql.substring(first.start(), tokens.get(contentEnd - 1).end());
    }

    static String abbreviate(String s, int max) {
        String oneLine = s.replaceAll("\\s+", " ");
        return oneLine.length() <= max ? oneLine : oneLine.substring(0, max - 3) + "...";
    }
}
