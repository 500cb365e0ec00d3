package io.evalstream.metrics.spider.official;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.sql.QueryFailure;
import io.evalstream.metrics.sql.SqlLexer;
import io.evalstream.metrics.sql.SqlToken;
import java.util.List;

/**
 * What Python's {@code cursor.execute(query)} runs, which the official tool calls
 * (exec_eval.py exec_on_db_). SQLite's prepare skips empty statements, compiles the first real
 * one with its {@code ;}, and Python then refuses any token after it ("You can only execute one
 * statement at a time.", an exception, so a wrong prediction). A query with no statement at all
 * (only comments and semicolons) runs and returns no rows.
 */
public final class PythonStatement {
    private PythonStatement() {
    }

    /**
     * The statement to run, or {@code ""} when there is none (its result is then empty).
     *
     * @throws QueryFailure REFUSED when a second statement follows the first
     */
    public static String of(String sql) throws QueryFailure {
        List<SqlToken> tokens = SqlLexer.tokenize(sql);
        int first = 0;
        while (first < tokens.size() && tokens.get(first).isSymbol(";")) {
            first++;
        }
        if (first == tokens.size()) {
            return "";
        }
        int semicolon = first;
        while (semicolon < tokens.size() && !tokens.get(semicolon).isSymbol(";")) {
            semicolon++;
        }
        if (semicolon + 1 < tokens.size()) {
            SqlToken extra = tokens.get(semicolon + 1);
            throw new QueryFailure(Outcome.REFUSED, "Python's sqlite3 raises 'You can only execute one statement at a time.': "
                    + "text follows the first statement at char " + extra.start());
        }
        int end = semicolon < tokens.size() ? tokens.get(semicolon).end() : sql.length();
        return sql.substring(tokens.get(first).start(), end);
    }
}
