package io.evalstream.metrics.spider.official;

import io.evalstream.metrics.spider.official.SqlparseToken.Type;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The lexing rules of sqlparse 0.6.0 ({@code keywords.SQL_REGEX}, in their order, and the keyword
 * types the statement splitter looks at), compiled once for {@link SqlparseLexer}. Written with
 * Python's Unicode classes ({@code \s}, {@code \w}, {@code \d}); the quoted-token rules are not
 * here, the lexer scans those by hand.
 */
final class SqlparseRules {
    static final String S = "[\\t\\n\\x0B\\f\\r\\x1C-\\x1F \\x85\\xA0\\u1680\\u2000-\\u200A\\u2028\\u2029\\u202F\\u205F\\u3000]";
    static final String W = "[\\p{L}\\p{N}_]";
    /** Python's \b after a word char: the next char is not a word char. */
    static final String B = "(?![\\p{L}\\p{N}_])";
    static final String L = "[A-ZÀ-Ü]";
    static final String D = "\\p{Nd}";

    /** The rules of SQL_REGEX other than the quoted ones, in their order; each is one named group. */
    static final String[][] RULES = {
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
    static final Pattern ANY_RULE;
    /** The rules that can match at a letter or '_', in the same order: a word is lexed without trying the others. */
    static final Pattern LETTER_RULE;
    static final int[] LETTER_RULE_INDEX;
    static final Set<String> LETTER_RULES = Set.of("kwspecial", "namedot", "dotname", "namefunc",
            "join", "end", "ifexists", "notnull", "order1", "order2", "nulls", "unionall", "create", "doubleprec", "groupby",
            "orderby", "primarykey", "handlerfor", "go", "lateral", "tzcast", "like", "regexp", "word");
    static final Pattern DOLLAR_DELIMITER = Pattern.compile("\\$(?:" + L + W + "*|_" + W + "*)?\\$",
            Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
    static final Pattern DOLLAR_OPENER_OK = Pattern.compile("(?<![\\p{L}\\p{N}_\"$])");

    /** The words whose keyword type the splitter looks at (KEYWORDS dictionaries of sqlparse 0.6.0); any other word is passed over. */
    static final Map<String, Type> SPLITTER_WORDS = Map.ofEntries(
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

    static final Set<String> SPECIAL_KEYWORDS = Set.of("CASE", "IN", "VALUES", "USING", "FROM", "AS");

    /** First words of the rules that come before the plain-word rule and start with a letter. */
    static final Set<String> KEYWORD_RULE_STARTS = Set.of("CASE", "IN", "VALUES", "USING", "FROM", "AS",
            "LEFT", "RIGHT", "FULL", "INNER", "OUTER", "STRAIGHT", "CROSS", "NATURAL", "JOIN", "END", "IF", "NOT", "ASC", "DESC",
            "NULLS", "UNION", "CREATE", "DOUBLE", "GROUP", "ORDER", "PRIMARY", "HANDLER", "GO", "LATERAL", "AT", "WITH", "LIKE",
            "ILIKE", "RLIKE", "REGEXP");

    static Type typeOf(String rule, String value) {
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

    private SqlparseRules() {
    }
}
