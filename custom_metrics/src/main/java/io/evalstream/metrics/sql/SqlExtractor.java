package io.evalstream.metrics.sql;

import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Pulls the SQL out of raw model output. Handles, in this order: a fenced code block
 * (```sql ... ```, the first one wins), prose lines before the query, a leading label
 * ("SQL:", "Query:", "Answer:"), explanations after the query, and trailing semicolons.
 * A second statement after a semicolon is kept, so the sandbox refuses it instead of this
 * class quietly dropping it; prose after a semicolon or a blank line is dropped.
 * Returns "" when nothing is left (scored as EMPTY_OUTPUT).
 */
public final class SqlExtractor {
    private static final Pattern FENCE = Pattern.compile("```[ \\t]*([A-Za-z0-9_+-]*)[ \\t]*\\r?\\n?(.*?)(```|\\z)", Pattern.DOTALL);
    private static final Pattern LABEL = Pattern.compile("^\\s*(?:sql(?:ite)?\\s*query|sql|query|answer|output)\\s*:\\s*", Pattern.CASE_INSENSITIVE);
    /** A line where the query starts: SELECT, or WITH followed by a CTE name and "AS" or "(" (so prose starting "With the ..." is not SQL). */
    private static final Pattern QUERY_START = Pattern.compile("(?i)^\\s*(?:(?:sql(?:ite)?\\s*query|sql|query|answer|output)\\s*:\\s*)?"
            + "(select\\b|with\\s+(?:recursive\\s+)?[\\w\"`\\[\\]]+\\s*(?:\\(|as\\b))");
    /** A line opening an English sentence; capitalised, so SQL keywords and identifiers in lower case never match. */
    private static final Pattern PROSE_LINE = Pattern.compile(
            "\\n[ \\t]*(?:This|The|That|These|Those|It|Here|Note|Explanation|We|I|Which|In this|To |Also)(?=[\\s:,])");
    /** Words that begin a SQL statement: text after a semicolon starting with one of these is a second statement, not prose. */
    private static final Set<String> STATEMENT_WORDS = Set.of("select", "with", "values", "insert", "update", "delete",
            "replace", "drop", "create", "alter", "attach", "detach", "pragma", "vacuum", "begin", "commit", "end",
            "rollback", "savepoint", "release", "reindex", "analyze", "explain");

    private SqlExtractor() {
    }

    public static String extract(String raw) {
        if (raw == null) {
            return "";
        }
        String text = raw.replace("\r\n", "\n");
        Matcher fence = FENCE.matcher(text);
        if (fence.find()) {
            text = fence.group(2);
        }
        text = dropLeadingProse(text);
        text = LABEL.matcher(text).replaceFirst("");
        text = dropTrailingProse(text);
        return stripTrailingSemicolons(text);
    }

    private static String dropLeadingProse(String text) {
        String[] lines = text.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            Matcher m = QUERY_START.matcher(lines[i]);
            if (m.find()) {
                StringBuilder rest = new StringBuilder(lines[i].substring(m.start(1)));
                for (int j = i + 1; j < lines.length; j++) {
                    rest.append('\n').append(lines[j]);
                }
                return rest.toString();
            }
        }
        return text.strip();
    }

    /** Cuts at a blank line, at a line that starts like an English sentence, or after a semicolon followed by prose. */
    private static String dropTrailingProse(String text) {
        int blank = blankLineOutsideLiterals(text);
        if (blank >= 0) {
            text = text.substring(0, blank);
        }
        int prose = proseLineOutsideLiterals(text);
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

    /** The offset of the first blank line that is not inside a string literal, or -1. */
    private static int blankLineOutsideLiterals(String text) {
        List<SqlToken> tokens = SqlLexer.tokenize(text);
        int from = 0;
        while (true) {
            int blank = text.indexOf("\n\n", from);
            int blankWithSpaces = indexOfBlankLine(text, from);
            int at = blank < 0 ? blankWithSpaces : (blankWithSpaces < 0 ? blank : Math.min(blank, blankWithSpaces));
            if (at < 0) {
                return -1;
            }
            boolean insideLiteral = false;
            for (SqlToken t : tokens) {
                if (t.start() <= at && at < t.end()) {
                    insideLiteral = true;
                    break;
                }
            }
            if (!insideLiteral) {
                return at;
            }
            from = at + 1;
        }
    }

    /** The offset of the first line (after the first) that starts with a sentence opener such as "This" or "Note:". */
    private static int proseLineOutsideLiterals(String text) {
        Matcher m = PROSE_LINE.matcher(text);
        List<SqlToken> tokens = null;
        while (m.find()) {
            if (tokens == null) {
                tokens = SqlLexer.tokenize(text);
            }
            int at = m.start();
            boolean insideLiteral = tokens.stream().anyMatch(t -> t.start() <= at && at < t.end());
            if (!insideLiteral) {
                return at;
            }
        }
        return -1;
    }

    private static int indexOfBlankLine(String text, int from) {
        Matcher m = Pattern.compile("\\n[ \\t]+\\n").matcher(text);
        return m.find(from) ? m.start() : -1;
    }

    private static String stripTrailingSemicolons(String text) {
        String s = text.strip();
        while (s.endsWith(";")) {
            s = s.substring(0, s.length() - 1).strip();
        }
        return s;
    }
}
