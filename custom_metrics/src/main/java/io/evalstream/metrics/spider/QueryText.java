package io.evalstream.metrics.spider;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import io.evalstream.metrics.spider.official.OfficialRewrite;
import io.evalstream.metrics.spider.official.PythonStatement;
import io.evalstream.metrics.sql.QueryFailure;
import io.evalstream.metrics.sql.SingleStatement;
import java.util.Locale;

/**
 * The SQL a comparison mode runs. Official: the official tool's rewrites ({@link OfficialRewrite})
 * and what Python's sqlite3 then executes ({@link PythonStatement}). Strict, bag and set: the
 * SQL as written, one statement. Either way the sandbox's gate has the last word: only a read
 * query runs. {@link #NO_STATEMENT} stands for a query with no statement, whose result is empty.
 */
final class QueryText {
    static final String NO_STATEMENT = "";

    private QueryText() {
    }

    static String prediction(String extracted, ComparisonMode mode) throws QueryFailure {
        if (mode != ComparisonMode.OFFICIAL) {
            return SingleStatement.of(extracted);
        }
        String rewritten = OfficialRewrite.prediction(extracted);
        if (rewritten == null) {
            throw new QueryFailure(Outcome.EMPTY_OUTPUT, "no SQL statement in the prediction");
        }
        return readQuery(PythonStatement.of(rewritten));
    }

    static String gold(String goldSql, ComparisonMode mode) throws QueryFailure {
        if (mode != ComparisonMode.OFFICIAL) {
            return SingleStatement.of(goldSql);
        }
        String rewritten = OfficialRewrite.gold(goldSql);
        if (rewritten == null) {
            throw new QueryFailure(Outcome.SYNTAX_ERROR, "no SQL statement in the gold query");
        }
        return readQuery(PythonStatement.of(rewritten));
    }

    /** Official: on the rewritten gold (exec_eval.py); strict: on the gold as written. */
    static boolean orderMatters(String goldSql, ComparisonMode mode) {
        if (mode == ComparisonMode.OFFICIAL) {
            String rewritten = OfficialRewrite.gold(goldSql);
            return rewritten != null && OfficialRewrite.orderMatters(rewritten);
        }
        return goldSql.toLowerCase(Locale.ROOT).contains("order by");
    }

    private static String readQuery(String statement) throws QueryFailure {
        return statement.isEmpty() ? NO_STATEMENT : SingleStatement.of(statement);
    }
}
