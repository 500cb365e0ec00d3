package io.evalstream.metrics.sql;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the SQL out of a raw model reply; part of ExecutionAccuracy and of its version, so a
 * better extractor is a re-score. Handles, in this order: a fenced code block (```sql ... ```,
 * the first one wins), prose lines before the query, a leading label ("SQL:", "Query:",
 * "Answer:"), explanations after the query, and trailing semicolons. A second statement after a
 * semicolon is kept, so the mode's rules decide about it instead of this class quietly dropping
 * it; prose after a semicolon or a blank line is dropped. A one-line prediction that is plain SQL
 * (a line of a predictions file) comes back exactly as written.
 * Returns "" when nothing is left (scored as EMPTY_OUTPUT).
 *
 * <p>Linear in the reply's length: literal spans are found once and looked up by binary search.
 * Replies over {@link #MAX_REPLY_CHARS} are not extracted at all (the metric scores them TOO_LARGE).
 */
public final class SqlExtractor {
    /** Far beyond any generated reply (a few hundred tokens) or any Spider query (under 1 000 chars). */
    public static final int MAX_REPLY_CHARS = 1_000_000;

    private static final Pattern FENCE_INFO = Pattern.compile("[ \\t]*[A-Za-z0-9_+-]*[ \\t]*\\r?\\n?");
    private static final Pattern LABEL = Pattern.compile("\\s*(?:sql(?:ite)?\\s*query|sql|query|answer|output)\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    /** A line where the query starts: SELECT, or WITH followed by a CTE name and "AS" or "(" (so prose starting "With the ..." is not SQL). */
    private static final Pattern QUERY_START = Pattern.compile("(?i)\\s*(?:(?:sql(?:ite)?\\s*query|sql|query|answer|output)\\s*:\\s*)?"
            + "(select\\b|with\\s+(?:recursive\\s+)?[\\w\"`\\[\\]]+\\s*(?:\\(|as\\b))");
    /** A line opening an English sentence; capitalised, so SQL keywords and identifiers in lower case never match. */
    private static final Pattern PROSE_LINE = Pattern.compile(
            "\\n[ \\t]*(?:This|The|That|These|Those|It|Here|Note|Explanation|We|I|Which|In this|To |Also)(?=[\\s:,])");
    private static final Pattern BLANK_LINE = Pattern.compile("\\n[ \\t]*\\n");
    /** Words that begin a SQL statement: text after a semicolon starting with one of these is a second statement, not prose. */
    private static final Set<String> STATEMENT_WORDS = Set.of("select", "with", "values", "insert", "update", "delete",
            "replace", "drop", "create", "alter", "attach", "detach", "pragma", "vacuum", "begin", "commit", "end",
            "rollback", "savepoint", "release", "reindex", "analyze", "explain");

    private static final Set<String> ONE_LINE_STARTS = Set.of("select", "with", "values");

    private SqlExtractor() {
    }

    public static String extract(String raw) {
        if (raw == null) {
            return "";
        }
        if (raw.length() > MAX_REPLY_CHARS) {
            throw new IllegalArgumentException("a reply of " + raw.length() + " chars exceeds the extractor's cap of " + MAX_REPLY_CHARS);
        }
        if (isOneLineOfSql(raw)) {
            return raw;
        }
        String text = raw.replace("\r\n", "\n");
        int fence = text.indexOf("```");
        if (fence >= 0) {
            Matcher info = FENCE_INFO.matcher(text).region(fence + 3, text.length());
            int bodyStart = info.lookingAt() ? info.end() : fence + 3;
            int close = text.indexOf("```", bodyStart);
            text = text.substring(bodyStart, close < 0 ? text.length() : close);
        }
        text = dropLeadingProse(text);
        Matcher label = LABEL.matcher(text);
        if (label.lookingAt()) {
            text = text.substring(label.end());
        }
        text = dropTrailingProse(text);
        return stripTrailingSemicolons(text);
    }

    /**
     * A line of a predictions file, or a reply that is one: no line break, no fence, and its first
     * token (comments skipped) starts a query. The official tool runs such a line as it is, so it
     * is left exactly as written (cutting "; # note" would turn its error into a success).
     */
    private static boolean isOneLineOfSql(String raw) {
        if (raw.indexOf('\n') >= 0 || raw.indexOf('\r') >= 0 || raw.contains("```")) {
            return false;
        }
        for (SqlToken t : SqlLexer.tokenize(raw)) {
            return t.isSymbol("(") || (t.kind() == SqlToken.Kind.WORD && ONE_LINE_STARTS.contains(t.lower()));
        }
        return false;
    }

    private static String dropLeadingProse(String text) {
        Matcher m = QUERY_START.matcher(text);
        int lineStart = 0;
        while (lineStart <= text.length()) {
            int lineEnd = text.indexOf('\n', lineStart);
            if (lineEnd < 0) {
                lineEnd = text.length();
            }
            m.region(lineStart, lineEnd);
            if (m.lookingAt()) {
                return text.substring(m.start(1));
            }
            lineStart = lineEnd + 1;
        }
        return text.strip();
    }

    /** Cuts at a blank line, at a line that starts like an English sentence, or after a semicolon followed by prose. */
    private static String dropTrailingProse(String text) {
        LiteralSpans literals = new LiteralSpans(SqlLexer.tokenize(text));
        int blank = firstOutside(BLANK_LINE.matcher(text), literals);
        if (blank >= 0) {
            text = text.substring(0, blank);
        }
        int prose = firstOutside(PROSE_LINE.matcher(text), literals);
        if (prose >= 0) {
            text = text.substring(0, prose);
        }
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).isSymbol(";")) {
                int next = i + 1;
                while (next < tokens.size() && tokens.get(next).isSymbol(";")) {
                    next++;
                }
                if (next == tokens.size()) {
                    return text.substring(0, tokens.get(i).end()); // only comments follow
                }
                SqlToken after = tokens.get(next);
                if (after.kind() == SqlToken.Kind.WORD && STATEMENT_WORDS.contains(after.lower())) {
                    break;
                }
                return text.substring(0, tokens.get(i).end());
            }
        }
        return text;
    }

    /** The start of the first match that is not inside a string literal or quoted name, or -1. */
    private static int firstOutside(Matcher m, LiteralSpans literals) {
        while (m.find()) {
            if (!literals.contains(m.start())) {
                return m.start();
            }
        }
        return -1;
    }

    private static String stripTrailingSemicolons(String text) {
        String s = text.strip();
        int end = s.length();
        while (end > 0 && (s.charAt(end - 1) == ';' || Character.isWhitespace(s.charAt(end - 1)))) {
            end--;
        }
        return s.substring(0, end);
    }

    /** Offsets covered by tokens (literals, quoted names), for a look-up in logarithmic time. */
    private static final class LiteralSpans {
        private final int[] starts;
        private final int[] ends;

        LiteralSpans(List<SqlToken> tokens) {
            starts = new int[tokens.size()];
            ends = new int[tokens.size()];
            for (int i = 0; i < tokens.size(); i++) {
                starts[i] = tokens.get(i).start();
                ends[i] = tokens.get(i).end();
            }
        }

        boolean contains(int offset) {
            int lo = 0;
            int hi = starts.length - 1;
            while (lo <= hi) {
                int mid = (lo + hi) >>> 1;
                if (starts[mid] <= offset) {
                    lo = mid + 1;
                } else {
                    hi = mid - 1;
                }
            }
            return hi >= 0 && offset < ends[hi];
        }
    }
}
