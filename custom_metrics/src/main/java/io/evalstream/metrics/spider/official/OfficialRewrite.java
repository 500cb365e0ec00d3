package io.evalstream.metrics.spider.official;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The text transformations test-suite-sql-eval (taoyds/test-suite-sql-eval, commit e97acc5,
 * with sqlparse 0.6.0) applies to a predicted and a gold query before running them, with its
 * default flags (no {@code --plug_value}, no {@code --keep_distinct}). Each step names the line it
 * mirrors; custom_metrics/README.md lists them with their effects, including the ones that look
 * like bugs, because the official numbers depend on them.
 */
public final class OfficialRewrite {
    /** Python's str.isspace(), which str.strip() removes. */
    private static final String PY_SPACE = "\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000";
    /** exec_eval.py replace_cur_year: {@code YEAR\s*\(\s*CURDATE\s*\(\s*\)\s*\)\s*}, ignoring case. */
    private static final Pattern CUR_YEAR = Pattern.compile("YEAR[" + PY_SPACE + "]*\\([" + PY_SPACE + "]*CURDATE[" + PY_SPACE
            + "]*\\([" + PY_SPACE + "]*\\)[" + PY_SPACE + "]*\\)[" + PY_SPACE + "]*", Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern LINE_BREAK_OR_TAB = Pattern.compile("\\r\\n|[\\r\\n\\t]");

    private OfficialRewrite() {
    }

    /**
     * The predicted SQL as the official tool executes it, from one prediction. A reply that spans
     * several lines is first put on one line (line breaks and tabs become spaces), as it must be
     * to be written into the official predictions file; a one-line prediction is taken as that
     * file's line. Then:
     * <ol>
     * <li>evaluation.py:535 {@code l.strip().split('\t')}, p[0]: surrounding whitespace goes, and
     *     the prediction ends at its first tab;</li>
     * <li>evaluation.py:569 {@code p_str.replace("value", "1")}: every lower-case "value", in names
     *     and string literals too ({@code market_value} becomes {@code market_1});</li>
     * <li>exec_eval.py postprocess: {@code "> ="}, {@code "< ="}, {@code "! ="} lose their space;</li>
     * <li>parse.py remove_distinct: only the first statement of sqlparse's split is kept, and every
     *     token spelled {@code distinct} in any case is dropped ({@code count(DISTINCT x)} becomes
     *     {@code count( x)});</li>
     * <li>exec_eval.py replace_cur_year: {@code YEAR(CURDATE())} becomes 2020.</li>
     * </ol>
     * Returns null when sqlparse finds no statement (the official tool then crashes with IndexError).
     */
    public static String prediction(String sql) {
        String line = sql.indexOf('\n') >= 0 || sql.indexOf('\r') >= 0 ? LINE_BREAK_OR_TAB.matcher(sql).replaceAll(" ") : sql;
        String field = pythonStrip(line);
        int tab = field.indexOf('\t');
        if (tab >= 0) {
            field = field.substring(0, tab);
        }
        return common(field.replace("value", "1"));
    }

    /** The gold SQL as the official tool executes it: the same steps without the "value" replacement. Null as for predictions. */
    public static String gold(String sql) {
        return common(pythonStrip(sql));
    }

    /** exec_eval.py eval_exec_match: {@code order_matters = 'order by' in g_str.lower()}, on the rewritten gold. */
    public static boolean orderMatters(String rewrittenGold) {
        return rewrittenGold.toLowerCase(Locale.ROOT).contains("order by");
    }

    private static String common(String sql) {
        String post = postprocess(sql);
        String first = removeDistinct(post);
        return first == null ? null : CUR_YEAR.matcher(first).replaceAll("2020");
    }

    /** exec_eval.py postprocess (also parse.py postprocess). */
    static String postprocess(String sql) {
        return sql.replace("> =", ">=").replace("< =", "<=").replace("! =", "!=");
    }

    /** parse.py:139 remove_distinct: the first sqlparse statement, its tokens joined without those spelled "distinct". */
    static String removeDistinct(String sql) {
        List<SqlparseToken> tokens = SqlparseLexer.tokenize(sql);
        int end = SqlparseStatements.firstStatementEnd(tokens);
        if (end < 0) {
            return null;
        }
        StringBuilder out = new StringBuilder(end);
        for (SqlparseToken t : tokens) {
            if (t.end() > end) {
                break;
            }
            if (!t.value().toLowerCase(Locale.ROOT).equals("distinct")) {
                out.append(t.value());
            }
        }
        return out.toString();
    }

    /** Python's str.strip(): removes what str.isspace() calls whitespace at both ends. */
    static String pythonStrip(String s) {
        int from = 0;
        int to = s.length();
        while (from < to && isPythonSpace(s.charAt(from))) {
            from++;
        }
        while (to > from && isPythonSpace(s.charAt(to - 1))) {
            to--;
        }
        return s.substring(from, to);
    }

    static boolean isPythonSpace(char c) {
        return (c >= '\t' && c <= '\r') || (c >= '\u001C' && c <= ' ') || c == '\u0085' || c == '\u00A0' || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A') || c == '\u2028' || c == '\u2029' || c == '\u202F' || c == '\u205F' || c == '\u3000';
    }
}
