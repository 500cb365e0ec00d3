package io.evalstream.metrics.spider.hardness;

import io.evalstream.metrics.spider.hardness.SpiderSqlTree.Condition;
import io.evalstream.metrics.spider.hardness.SpiderSqlTree.Unit;
import io.evalstream.metrics.sql.SqlLexer;
import io.evalstream.metrics.sql.SqlToken;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A recursive-descent parser for the SQL subset of Spider, following the structure of
 * Spider's process_sql.py closely enough that the counts the hardness rules take from the tree
 * are the same. It needs no schema: it records structure, not column ids. It is more lenient
 * than process_sql (aliases without AS, commas in FROM, IN lists), so it also accepts model output.
 */
public final class SpiderSqlParser {
    private static final Set<String> CLAUSE_KEYWORDS = Set.of("select", "from", "where", "group", "order", "limit", "intersect", "union", "except");
    private static final Set<String> JOIN_KEYWORDS = Set.of("join", "on", "as");
    private static final Set<String> AGG_OPS = Set.of("max", "min", "count", "sum", "avg");
    private static final Set<String> WHERE_OPS = Set.of("not", "between", "=", "==", ">", "<", ">=", "<=", "!=", "<>", "in", "like", "is", "exists");
    private static final Set<String> UNIT_OPS = Set.of("-", "+", "*", "/");
    private static final Set<String> JOIN_MODIFIERS = Set.of("inner", "left", "right", "outer", "cross", "natural", "full");
    private static final Set<String> NOT_ALIASES = Set.of("join", "on", "where", "group", "order", "limit", "intersect", "union",
            "except", "having", "inner", "left", "right", "outer", "cross", "natural", "full");

    private final String sql;
    private final List<String> toks;
    private int idx;

    private SpiderSqlParser(String sql) {
        this.sql = sql;
        this.toks = normalize(SqlLexer.tokenize(sql));
    }

    /** @throws IllegalArgumentException naming the token where the query left the Spider subset */
    public static SpiderSqlTree parse(String sql) {
        SpiderSqlParser p = new SpiderSqlParser(sql);
        SpiderSqlTree tree = p.parseSql();
        p.skipSemicolons();
        if (p.idx < p.toks.size()) {
            throw p.error("unexpected token");
        }
        return tree;
    }

    /** Words lower-cased, qualified names (t1 . name) joined into one token, strings kept as written. */
    private static List<String> normalize(List<SqlToken> tokens) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < tokens.size(); i++) {
            SqlToken t = tokens.get(i);
            String text = t.kind() == SqlToken.Kind.WORD ? t.lower() : t.text();
            if (t.kind() == SqlToken.Kind.STRING || (t.kind() == SqlToken.Kind.QUOTED && t.text().startsWith("\""))) {
                text = "\"" + t.text().substring(1, Math.max(1, t.text().length() - 1)) + "\"";
            }
            if (i + 2 < tokens.size() && tokens.get(i + 1).isSymbol(".") && tokens.get(i + 1).start() == t.end()
                    && (t.kind() == SqlToken.Kind.WORD || t.kind() == SqlToken.Kind.QUOTED)) {
                SqlToken col = tokens.get(i + 2);
                text = text + "." + (col.kind() == SqlToken.Kind.WORD ? col.lower() : col.text());
                i += 2;
            }
            out.add(text);
        }
        return out;
    }

    private SpiderSqlTree parseSql() {
        boolean block = accept("(");
        expect("select");
        accept("distinct");
        List<Boolean> selectAggs = new ArrayList<>();
        while (more() && !peek().equals("from") && !CLAUSE_KEYWORDS.contains(peek()) && !peek().equals(")")) {
            boolean agg = false;
            if (AGG_OPS.contains(peek()) && "(".equals(peekAt(1))) {
                agg = true;
                idx++;
            }
            parseValUnit();
            if (accept("as")) {
                idx++;
            }
            selectAggs.add(agg);
            if (!accept(",")) {
                break;
            }
        }
        int tableUnits = 0;
        List<Unit> fromUnits = new ArrayList<>();
        List<String> fromConj = new ArrayList<>();
        if (accept("from")) {
            while (more()) {
                skipJoinModifiers();
                accept("join");
                boolean tableBlock = accept("(");
                if (tableBlock && peek().equals("select")) {
                    parseSql();
                } else {
                    idx++; // table name
                }
                if (tableBlock) {
                    expect(")");
                }
                skipAlias();
                tableUnits++;
                if (accept("on")) {
                    Condition on = parseCondition();
                    if (!fromUnits.isEmpty()) {
                        fromConj.add("and");
                    }
                    fromUnits.addAll(on.units());
                    fromConj.addAll(on.conjunctions());
                }
                if (!more() || CLAUSE_KEYWORDS.contains(peek()) || peek().equals(")") || peek().equals(";") || peek().equals("having")) {
                    break;
                }
                accept(",");
            }
        }
        Condition where = accept("where") ? parseCondition() : Condition.EMPTY;
        List<Boolean> groupByAggs = new ArrayList<>();
        if (accept("group")) {
            expect("by");
            do {
                groupByAggs.add(parseColUnit());
            } while (accept(","));
        }
        Condition having = accept("having") ? parseCondition() : Condition.EMPTY;
        boolean hasOrderBy = false;
        int orderByAggs = 0;
        if (accept("order")) {
            expect("by");
            hasOrderBy = true;
            do {
                orderByAggs += parseValUnit();
                if (peek().equals("asc") || peek().equals("desc")) {
                    idx++;
                }
            } while (accept(","));
        }
        boolean hasLimit = false;
        if (accept("limit")) {
            hasLimit = true;
            idx++;
        }
        skipSemicolons();
        if (block) {
            expect(")");
        }
        skipSemicolons();
        SpiderSqlTree intersect = null;
        SpiderSqlTree union = null;
        SpiderSqlTree except = null;
        if (accept("intersect")) {
            intersect = parseSql();
        } else if (accept("union")) {
            accept("all");
            union = parseSql();
        } else if (accept("except")) {
            except = parseSql();
        }
        return new SpiderSqlTree(List.copyOf(selectAggs), tableUnits, new Condition(List.copyOf(fromUnits), List.copyOf(fromConj)),
                where, List.copyOf(groupByAggs), having, hasOrderBy, orderByAggs, hasLimit, intersect, union, except);
    }

    private Condition parseCondition() {
        List<Unit> units = new ArrayList<>();
        List<String> conjunctions = new ArrayList<>();
        while (more()) {
            parseValUnit();
            boolean not = accept("not");
            if (!more() || !WHERE_OPS.contains(peek())) {
                throw error("expected a comparison operator");
            }
            String op = toks.get(idx++);
            if (op.equals("is")) {
                not |= accept("not");
            }
            SpiderSqlTree value1 = parseValue();
            SpiderSqlTree value2 = null;
            if (op.equals("between")) {
                expect("and");
                value2 = parseValue();
            }
            units.add(new Unit(not, op, value1, value2));
            if (more() && (peek().equals("and") || peek().equals("or"))) {
                conjunctions.add(toks.get(idx++));
            } else {
                break;
            }
        }
        return new Condition(List.copyOf(units), List.copyOf(conjunctions));
    }

    /** A value: a subquery (returned), a literal or a column (null returned). */
    private SpiderSqlTree parseValue() {
        if (peek().equals("(") && "select".equals(peekAt(1))) {
            idx++;
            SpiderSqlTree sub = parseSql();
            expect(")");
            return sub;
        }
        if (accept("(")) {
            int depth = 1;
            while (more() && depth > 0) {
                String t = toks.get(idx++);
                depth += t.equals("(") ? 1 : t.equals(")") ? -1 : 0;
            }
            return null;
        }
        if ((peek().equals("-") || peek().equals("+")) && isNumber(peekAt(1))) {
            idx += 2;
            return null;
        }
        if (isNumber(peek()) || peek().startsWith("\"")) {
            idx++;
            return null;
        }
        // process_sql reads a column value up to the next ',', ')', 'and', clause or join keyword:
        // an 'or' after a column-to-column comparison is swallowed. Kept, because hardness counts depend on it.
        parseColUnit();
        while (more() && !peek().equals(",") && !peek().equals(")") && !peek().equals("and")
                && !CLAUSE_KEYWORDS.contains(peek()) && !JOIN_KEYWORDS.contains(peek())) {
            idx++;
        }
        return null;
    }

    private static boolean isNumber(String token) {
        return token != null && !token.isEmpty() && (Character.isDigit(token.charAt(0)) || token.charAt(0) == '.');
    }

    /** Returns how many aggregates the value unit holds (0, 1 or 2: process_sql counts col_unit1 and col_unit2). */
    private int parseValUnit() {
        boolean block = peek().equals("(") && !"select".equals(peekAt(1));
        if (block) {
            idx++;
        }
        int aggs = parseColUnit() ? 1 : 0;
        if (more() && UNIT_OPS.contains(peek())) {
            idx++;
            aggs += parseColUnit() ? 1 : 0;
        }
        if (block) {
            expect(")");
        }
        return aggs;
    }

    /** Returns whether the column unit is aggregated. */
    private boolean parseColUnit() {
        boolean block = accept("(");
        boolean agg = false;
        if (AGG_OPS.contains(peek()) && "(".equals(peekAt(1))) {
            agg = true;
            idx += 2;
            accept("distinct");
            parseColumn();
            expect(")");
        } else {
            accept("distinct");
            parseColumn();
        }
        if (block) {
            expect(")");
        }
        return agg;
    }

    /** One column, '*', literal, or a non-aggregate function call taken whole. */
    private void parseColumn() {
        if (!more()) {
            throw error("expected a column");
        }
        String t = toks.get(idx++);
        if ("(".equals(peekOrNull()) && Character.isLetter(t.charAt(0))) {
            int depth = 0;
            do {
                String u = toks.get(idx++);
                depth += u.equals("(") ? 1 : u.equals(")") ? -1 : 0;
            } while (more() && depth > 0);
        }
    }

    private void skipJoinModifiers() {
        while (more() && JOIN_MODIFIERS.contains(peek())) {
            idx++;
        }
    }

    private void skipAlias() {
        if (accept("as")) {
            idx++;
        } else if (more() && Character.isLetter(peek().charAt(0)) && !NOT_ALIASES.contains(peek()) && !CLAUSE_KEYWORDS.contains(peek())) {
            idx++;
        }
    }

    private void skipSemicolons() {
        while (more() && peek().equals(";")) {
            idx++;
        }
    }

    private boolean more() {
        return idx < toks.size();
    }

    private String peek() {
        return more() ? toks.get(idx) : "";
    }

    private String peekOrNull() {
        return more() ? toks.get(idx) : null;
    }

    private String peekAt(int ahead) {
        return idx + ahead < toks.size() ? toks.get(idx + ahead) : null;
    }

    private boolean accept(String token) {
        if (more() && toks.get(idx).equals(token)) {
            idx++;
            return true;
        }
        return false;
    }

    private void expect(String token) {
        if (!accept(token)) {
            throw error("expected '" + token + "'");
        }
    }

    private IllegalArgumentException error(String what) {
        String at = more() ? "'" + toks.get(idx) + "' (token " + idx + ")" : "the end";
        return new IllegalArgumentException(what + " at " + at + " in: " + sql);
    }
}
