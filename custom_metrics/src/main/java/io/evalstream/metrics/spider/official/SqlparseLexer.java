package io.evalstream.metrics.spider.official;

import io.evalstream.metrics.spider.official.SqlparseToken.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;

/**
 * Splits text into tokens the way sqlparse 0.6.0's lexer does ({@code sqlparse/lexer.py}
 * {@code get_tokens}, rules {@code keywords.SQL_REGEX} tried in order at each position, the first
 * match wins, an unmatched char is an Error token). test-suite-sql-eval's {@code remove_distinct}
 * runs on these tokens, so where they differ from SQLite's (a backslash escapes a quote, {@code # }
 * starts a comment, {@code [x]} after a word is not a name) the official verdict follows them.
 * The rules are written with Python's Unicode classes ({@code \s}, {@code \w}, {@code \d}).
 * Quoted tokens are scanned by hand with the regex's backtracking result: Java's regex engine
 * recurses on {@code ('')|[^'])*} and would overflow its stack on a long literal.
 */
final class SqlparseLexer {
    private final String text;
    private final int n;
    private final Matcher rules;
    private final Matcher letterRules;
    /** Memo of the quoted-token scan per quote char: 0 unknown, -1 no match from here, else end + 1. */
    private final int[][] quotedMemo = new int[4][];

    private final boolean fastPaths;

    private SqlparseLexer(String text, boolean fastPaths) {
        this.fastPaths = fastPaths;
        this.text = text;
        this.n = text.length();
        this.rules = SqlparseRules.ANY_RULE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        this.letterRules = SqlparseRules.LETTER_RULE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
    }

    static List<SqlparseToken> tokenize(String text) {
        return new SqlparseLexer(text, true).run();
    }

    /** Every token through the rule list, for the test that the fast paths change nothing. */
    static List<SqlparseToken> tokenizeByRulesOnly(String text) {
        return new SqlparseLexer(text, false).run();
    }

    private List<SqlparseToken> run() {
        List<SqlparseToken> tokens = new ArrayList<>();
        int pos = 0;
        while (pos < n) {
            SqlparseToken t = delimitedSpan(pos);
            if (t == null) {
                t = quoted(pos);
            }
            if (t == null && fastPaths) {
                t = common(pos);
            }
            if (t == null) {
                t = rule(pos);
            }
            if (t == null) {
                int end = pos + Character.charCount(text.codePointAt(pos));
                t = new SqlparseToken(Type.OTHER, text.substring(pos, end), pos, end);
            }
            tokens.add(t);
            pos = t.end();
        }
        return tokens;
    }

    /** Multiline comments and dollar-quoted literals ({@code keywords.find_delimited_spans}): to their first closer, or not a span. */
    private SqlparseToken delimitedSpan(int pos) {
        char c = text.charAt(pos);
        if (c == '/' && pos + 1 < n && text.charAt(pos + 1) == '*') {
            boolean hint = pos + 2 < n && text.charAt(pos + 2) == '+';
            int openerEnd = pos + (hint ? 3 : 2);
            int close = text.indexOf("*/", openerEnd);
            if (close < 0) {
                return null;
            }
            return token(hint ? Type.COMMENT_MULTILINE_HINT : Type.COMMENT_MULTILINE, pos, close + 2);
        }
        if (c == '$') {
            Matcher m = SqlparseRules.DOLLAR_DELIMITER.matcher(text).region(pos, n);
            if (!m.lookingAt()) {
                return null;
            }
            if (!SqlparseRules.DOLLAR_OPENER_OK.matcher(text).useTransparentBounds(true).region(pos, n).lookingAt()) {
                return null;
            }
            String delimiter = m.group();
            int close = text.indexOf(delimiter, m.end());
            if (close < 0) {
                return null;
            }
            return token(Type.OTHER, pos, close + delimiter.length());
        }
        return null;
    }

    /** The rules for `name`, ´name´, 'string' and "symbol": they alone can start with those chars. */
    private SqlparseToken quoted(int pos) {
        char c = text.charAt(pos);
        int kind = switch (c) {
            case '`' -> 0;
            case '´' -> 1;
            case '\'' -> 2;
            case '"' -> 3;
            default -> -1;
        };
        if (kind < 0) {
            return null;
        }
        // backquoted names know no backslash escape; single- and double-quoted strings do
        int end = scanQuoted(kind, c, kind >= 2, pos + 1);
        if (end < 0) {
            return null; // no closing quote anywhere: the later rule for '"' needs one too, so an Error token
        }
        return token(kind <= 1 ? Type.NAME : Type.OTHER, pos, end);
    }

    /**
     * Where the regex {@code Q(QQ|\\Q|[^Q])*Q} ends when its loop stands at {@code from}: the first
     * result of its backtracking search (a doubled quote or {@code \Q} is first taken as one unit,
     * and given back only when no closing quote follows), or -1. Memoised per position, so a run of
     * quotes with no end costs linear time, as it does in Python's engine.
     */
    private int scanQuoted(int kind, char q, boolean backslashEscapes, int from) {
        if (quotedMemo[kind] == null) {
            quotedMemo[kind] = new int[n + 2];
        }
        int[] memo = quotedMemo[kind];
        // explicit stack of loop positions whose alternatives are still to be tried, deepest first
        int[] stack = new int[16];
        int[] stage = new int[16];
        int depth = 0;
        stack[0] = from;
        stage[0] = 0;
        int result = Integer.MIN_VALUE;
        while (depth >= 0) {
            int i = stack[depth];
            if (result != Integer.MIN_VALUE) {
                // a child finished: success propagates, failure moves this frame to its next alternative
                if (result >= 0) {
                    memo[i] = result + 1;
                    depth--;
                    continue;
                }
                result = Integer.MIN_VALUE;
            } else if (memo[i] != 0) {
                result = memo[i] > 0 ? memo[i] - 1 : -1;
                depth--;
                continue;
            }
            int next = -1;
            while (next < 0 && stage[depth] < 3) {
                int alt = stage[depth]++;
                if (i >= n) {
                    stage[depth] = 3;
                } else if (alt == 0 && text.charAt(i) == q && i + 1 < n && text.charAt(i + 1) == q) {
                    next = i + 2;
                } else if (alt == 1 && backslashEscapes && text.charAt(i) == '\\' && i + 1 < n && text.charAt(i + 1) == q) {
                    next = i + 2;
                } else if (alt == 2 && text.charAt(i) != q) {
                    next = i + 1;
                }
            }
            if (next >= 0) {
                depth++;
                if (depth == stack.length) {
                    stack = Arrays.copyOf(stack, depth * 2);
                    stage = Arrays.copyOf(stage, depth * 2);
                }
                stack[depth] = next;
                stage[depth] = 0;
                continue;
            }
            // no more iterations from here: the loop exits and needs the closing quote
            result = i < n && text.charAt(i) == q ? i + 1 : -1;
            memo[i] = result >= 0 ? result + 1 : -1;
            depth--;
        }
        return result;
    }

    /**
     * The tokens most SQL is made of, found without trying every rule, where it is certain that no
     * rule before the one that matches could match: a space, {@code ; , ( )}, a plain integer, and
     * a plain ASCII word that starts none of the keyword rules and is not a name before {@code (}
     * or {@code .} or after {@code .}. Anything else goes through {@link #rule}.
     */
    private SqlparseToken common(int pos) {
        char c = text.charAt(pos);
        if (c == ' ' || c == '\t') {
            return token(Type.WHITESPACE, pos, pos + 1);
        }
        if (c == ';' || c == ',' || c == '(' || c == ')') {
            return token(Type.PUNCTUATION, pos, pos + 1);
        }
        if (c == '.' && !(pos + 1 < n && Character.isDigit(text.charAt(pos + 1)))) {
            return token(Type.PUNCTUATION, pos, pos + 1); // only a number (".5") starts an earlier rule with '.'
        }
        if (c >= '0' && c <= '9') {
            int end = pos;
            while (end < n && text.charAt(end) >= '0' && text.charAt(end) <= '9') {
                end++;
            }
            if (end < n && !isPlainSeparator(text.charAt(end))) {
                return null;
            }
            return token(Type.OTHER, pos, end);
        }
        if (c == '=' || c == '>' || c == '!' || c == '~' || (c == '<' && !(pos + 1 < n && text.charAt(pos + 1) == '@'))) {
            int end = pos;
            while (end < n && "<>=~!".indexOf(text.charAt(end)) >= 0) {
                end++;
            }
            return token(Type.OTHER, pos, end); // [<>=~!]+; only "<@" starts an earlier rule
        }
        if ((c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z')) {
            int end = pos;
            while (end < n && isAsciiWordChar(text.charAt(end))) {
                end++;
            }
            String upper = text.substring(pos, end).toUpperCase(Locale.ROOT);
            boolean special = SqlparseRules.SPECIAL_KEYWORDS.contains(upper);
            char after = end < n ? text.charAt(end) : ' ';
            if (special && (after < 128 && !isAsciiWordChar(after) && after != '$' && after != '#' || end == n)) {
                return token(Type.KEYWORD, pos, end); // (CASE|IN|VALUES|USING|FROM|AS)\b, the first rule for a letter
            }
            if (!special && end < n && (after == '(' || (after == '.' && !(end + 1 < n && Character.isDigit(text.charAt(end + 1)))))) {
                return token(Type.NAME, pos, end); // a name before '(' or '.'
            }
            if (end < n && !isPlainSeparator(after)) {
                return null; // a '.', a '$' or '#', a non-ASCII char: let the rules decide
            }
            int next = end;
            while (next < n && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                next++;
            }
            if (next < n && (text.charAt(next) == '.' || text.charAt(next) < ' ' || text.charAt(next) > 127)) {
                return null; // a '.' may follow after other whitespace: a name before '.'
            }
            if (pos > 0 && text.charAt(pos - 1) == '.') {
                return token(Type.NAME, pos, end); // (?<=\.)[A-Z]\w*, before every keyword rule but the six above
            }
            if (upper.equals("JOIN")) {
                return token(Type.KEYWORD, pos, end);
            }
            if (SqlparseRules.KEYWORD_RULE_STARTS.contains(upper)) {
                return null;
            }
            return token(SqlparseRules.SPLITTER_WORDS.getOrDefault(upper, Type.OTHER), pos, end);
        }
        return null;
    }

    private static boolean isAsciiWordChar(char c) {
        return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
    }

    /** Chars after which a word or an integer certainly ends and no lookahead of an earlier rule can match. */
    private static boolean isPlainSeparator(char c) {
        return c == ' ' || c == '\t' || c == ',' || c == ')' || c == ';' || c == '=' || c == '<' || c == '>' || c == '\''
                || c == '"' || c == '*' || c == '+' || c == '/' || c == '%' || c == '|' || c == '!';
    }

    private SqlparseToken rule(int pos) {
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            letterRules.region(pos, n);
            if (letterRules.lookingAt()) {
                for (int g = 0; g < SqlparseRules.LETTER_RULE_INDEX.length; g++) {
                    if (letterRules.start(g + 1) >= 0) {
                        String rule = SqlparseRules.RULES[SqlparseRules.LETTER_RULE_INDEX[g]][0];
                        return token(SqlparseRules.typeOf(rule, letterRules.group(g + 1)), pos, letterRules.end(g + 1));
                    }
                }
            }
            return null;
        }
        rules.region(pos, n);
        if (!rules.lookingAt()) {
            return null;
        }
        // the rules use no other capturing group, so rule i is group i + 1
        for (int i = 0; i < SqlparseRules.RULES.length; i++) {
            if (rules.start(i + 1) >= 0) {
                return token(SqlparseRules.typeOf(SqlparseRules.RULES[i][0], rules.group(i + 1)), pos, rules.end(i + 1));
            }
        }
        throw new IllegalStateException("a rule matched but no group did at char " + pos);
    }

    private SqlparseToken token(Type type, int start, int end) {
        return new SqlparseToken(type, text.substring(start, end), start, end);
    }
}
