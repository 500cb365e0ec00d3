package io.evalstream.metrics.spider.official;

import io.evalstream.metrics.spider.official.SqlparseToken.Type;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

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
    private static final String S = "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
    private static final String W = "[\\p{L}\\p{N}_]";
    /** Python's \b after a word char: the next char is not a word char. */
    private static final String B = "(?![\\p{L}\\p{N}_])";
    private static final String L = "[A-ZÀ-Ü]";
    private static final String D = "\\p{Nd}";

    /** The rules of SQL_REGEX other than the quoted ones, in their order; each is one named group. */
    private static final String[][] RULES = {
            {"hint", "(?:--|# )\\+.*?(?:\\r\\n|\\r|\\n|$)"},
            {"comment", "(?:--|# ).*?(?:\\r\\n|\\r|\\n|$)"},
            {"newline", "\\r\\n|\\r|\\n"},
            {"ws", S},
            {"assign", ":="},
            {"dcolon", "::"},
            {"star", "\\*"},
            {"qmark", "\\?"},
            {"pct", "%(?:\\(" + W + "+\\))?s"},
            {"placeholder", "(?<!" + W + ")[$:?]" + W + "+"},
            {"command", "\\\\" + W + "+"},
            {"kwspecial", "(?:CASE|IN|VALUES|USING|FROM|AS)" + B},
            {"atname", "(?:@|##|#)" + L + W + "+"},
            {"namedot", L + W + "*(?=" + S + "*\\.(?!" + D + "))"},
            {"dotname", "(?<=\\.)" + L + W + "*"},
            {"namefunc", L + W + "*(?=\\()"},
            {"hex", "-?0x[" + D + "A-F]+"},
            {"float1", "-?" + D + "+(?:\\." + D + "+)?E-?" + D + "+"},
            {"float2", "(?![_A-ZÀ-Ü])-?(?:" + D + "+(?:\\." + D + "*)|\\." + D + "+)(?![_A-ZÀ-Ü])"},
            {"int", "(?![_A-ZÀ-Ü])-?" + D + "+(?![_A-ZÀ-Ü])"},
            {"bracket", "(?<![\\p{L}\\p{N}_\\])])\\[[^\\]\\[]+\\]"},
            {"join", "(?:(?:LEFT" + S + "+|RIGHT" + S + "+|FULL" + S + "+)?(?:INNER" + S + "+|OUTER" + S + "+|STRAIGHT" + S
                    + "+)?|(?:CROSS" + S + "+|NATURAL" + S + "+)?)?JOIN" + B},
            {"end", "END(?:" + S + "+IF|" + S + "+LOOP|" + S + "+WHILE|" + S + "+FOR|" + S + "+CASE)?" + B},
            {"ifexists", "IF" + S + "+(?:NOT" + S + "+)?EXISTS" + B},
            {"notnull", "NOT" + S + "+NULL" + B},
            {"order1", "(?:ASC|DESC)(?:" + S + "+NULLS" + S + "+(?:FIRST|LAST))?" + B},
            {"order2", "(?:ASC|DESC)" + B},
            {"nulls", "NULLS" + S + "+(?:FIRST|LAST)" + B},
            {"unionall", "UNION" + S + "+ALL" + B},
            {"create", "CREATE(?:" + S + "+OR" + S + "+REPLACE)?" + B},
            {"doubleprec", "DOUBLE" + S + "+PRECISION" + B},
            {"groupby", "GROUP" + S + "+BY" + B},
            {"orderby", "ORDER" + S + "+BY" + B},
            {"primarykey", "PRIMARY" + S + "+KEY" + B},
            {"handlerfor", "HANDLER" + S + "+FOR" + B},
            {"go", "GO(?:" + S + D + "+)" + B},
            {"lateral", "(?:LATERAL" + S + "+VIEW" + S + "+)(?:EXPLODE|INLINE|PARSE_URL_TUPLE|POSEXPLODE|STACK)" + B},
            {"tzcast", "(?:AT|WITH')" + S + "+TIME" + S + "+ZONE" + S + "+'[^']+'"},
            {"like", "(?:NOT" + S + "+)?(?:LIKE|ILIKE|RLIKE)" + B},
            {"regexp", "(?:NOT" + S + "+)?(?:REGEXP)(?:" + S + "+(?:BINARY))?" + B},
            {"word", W + "[$#\\p{L}\\p{N}_]*"},
            {"punct", "[;:()\\[\\],.]"},
            {"jsonop", "->>?|#>>?|@>|<@|\\?\\|?|\\?&|-|#-"},
            {"comparison", "[<>=~!]+"},
            {"operator", "[+/@#%^&|^-]+"},
    };
    private static final Pattern ANY_RULE;
    /** The rules that can match at a letter or '_', in the same order: a word is lexed without trying the others. */
    private static final Pattern LETTER_RULE;
    private static final int[] LETTER_RULE_INDEX;
    private static final java.util.Set<String> LETTER_RULES = java.util.Set.of("kwspecial", "namedot", "dotname", "namefunc",
            "join", "end", "ifexists", "notnull", "order1", "order2", "nulls", "unionall", "create", "doubleprec", "groupby",
            "orderby", "primarykey", "handlerfor", "go", "lateral", "tzcast", "like", "regexp", "word");
    private static final Pattern DOLLAR_DELIMITER = Pattern.compile("\\$(?:" + L + W + "*|_" + W + "*)?\\$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    private static final Pattern DOLLAR_OPENER_OK = Pattern.compile("(?<![\\p{L}\\p{N}_\"$])");

    /** The words whose keyword type the splitter looks at (KEYWORDS dictionaries of sqlparse 0.6.0); any other word is passed over. */
    private static final Map<String, Type> SPLITTER_WORDS = Map.ofEntries(
            Map.entry("BEGIN", Type.KEYWORD), Map.entry("DECLARE", Type.KEYWORD), Map.entry("IF", Type.KEYWORD),
            Map.entry("FOR", Type.KEYWORD), Map.entry("WHILE", Type.KEYWORD), Map.entry("LOOP", Type.KEYWORD),
            Map.entry("DO", Type.KEYWORD), Map.entry("TRANSACTION", Type.KEYWORD), Map.entry("WORK", Type.KEYWORD),
            Map.entry("DEFERRED", Type.KEYWORD), Map.entry("IMMEDIATE", Type.KEYWORD), Map.entry("EXCLUSIVE", Type.KEYWORD),
            Map.entry("GO", Type.KEYWORD), Map.entry("TRAN", Type.NAME), Map.entry("DISTRIBUTED", Type.NAME));

    static {
        StringBuilder sb = new StringBuilder();
        for (String[] rule : RULES) {
            if (!sb.isEmpty()) {
                sb.append('|');
            }
            sb.append("(?<").append(rule[0]).append('>').append(rule[1]).append(')');
        }
        ANY_RULE = Pattern.compile(sb.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNIX_LINES);
        StringBuilder letters = new StringBuilder();
        List<Integer> index = new ArrayList<>();
        for (int i = 0; i < RULES.length; i++) {
            if (LETTER_RULES.contains(RULES[i][0])) {
                if (!letters.isEmpty()) {
                    letters.append('|');
                }
                letters.append('(').append(RULES[i][1]).append(')');
                index.add(i);
            }
        }
        LETTER_RULE = Pattern.compile(letters.toString(), Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE | Pattern.UNIX_LINES);
        LETTER_RULE_INDEX = index.stream().mapToInt(Integer::intValue).toArray();
    }

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
        this.rules = ANY_RULE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
        this.letterRules = LETTER_RULE.matcher(text).useTransparentBounds(true).useAnchoringBounds(false);
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
            Matcher m = DOLLAR_DELIMITER.matcher(text).region(pos, n);
            if (!m.lookingAt()) {
                return null;
            }
            if (!DOLLAR_OPENER_OK.matcher(text).useTransparentBounds(true).region(pos, n).lookingAt()) {
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
            boolean special = SPECIAL_KEYWORDS.contains(upper);
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
            if (KEYWORD_RULE_STARTS.contains(upper)) {
                return null;
            }
            return token(SPLITTER_WORDS.getOrDefault(upper, Type.OTHER), pos, end);
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

    private static final java.util.Set<String> SPECIAL_KEYWORDS = java.util.Set.of("CASE", "IN", "VALUES", "USING", "FROM", "AS");

    /** First words of the rules that come before the plain-word rule and start with a letter. */
    private static final java.util.Set<String> KEYWORD_RULE_STARTS = java.util.Set.of("CASE", "IN", "VALUES", "USING", "FROM", "AS",
            "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "STRAIGHT", "CROSS", "NATURAL", "JOIN", "END", "IF", "NOT", "ASC", "DESC",
            "NULLS", "UNION", "CREATE", "DOUBLE", "GROUP", "ORDER", "PRIMARY", "HANDLER", "GO", "LATERAL", "AT", "WITH", "LIKE",
            "ILIKE", "RLIKE", "REGEXP");

    private SqlparseToken rule(int pos) {
        char c = text.charAt(pos);
        if (Character.isLetter(c) || c == '_') {
            letterRules.region(pos, n);
            if (letterRules.lookingAt()) {
                for (int g = 0; g < LETTER_RULE_INDEX.length; g++) {
                    if (letterRules.start(g + 1) >= 0) {
                        return token(typeOf(RULES[LETTER_RULE_INDEX[g]][0], letterRules.group(g + 1)), pos, letterRules.end(g + 1));
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
        for (int i = 0; i < RULES.length; i++) {
            if (rules.start(i + 1) >= 0) {
                return token(typeOf(RULES[i][0], rules.group(i + 1)), pos, rules.end(i + 1));
            }
        }
        throw new IllegalStateException("a rule matched but no group did at char " + pos);
    }

    private static Type typeOf(String rule, String value) {
        return switch (rule) {
            case "hint" -> Type.COMMENT_SINGLE_HINT;
            case "comment" -> Type.COMMENT_SINGLE;
            case "newline" -> Type.NEWLINE;
            case "ws" -> Type.WHITESPACE;
            case "dcolon", "punct" -> Type.PUNCTUATION;
            case "kwspecial", "join", "end", "ifexists", "notnull", "nulls", "unionall", "groupby", "orderby", "primarykey",
                 "handlerfor", "go", "lateral" -> Type.KEYWORD;
            case "order1", "order2", "tzcast" -> Type.KEYWORD_OTHER;
            case "create" -> Type.KEYWORD_DDL;
            case "atname", "namedot", "dotname", "namefunc", "bracket" -> Type.NAME;
            case "word" -> SPLITTER_WORDS.getOrDefault(value.toUpperCase(Locale.ROOT), Type.OTHER);
            default -> Type.OTHER;
        };
    }

    private SqlparseToken token(Type type, int start, int end) {
        return new SqlparseToken(type, text.substring(start, end), start, end);
    }
}
