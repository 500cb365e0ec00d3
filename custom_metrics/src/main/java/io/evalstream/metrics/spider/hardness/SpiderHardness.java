package io.evalstream.metrics.spider.hardness;

import io.evalstream.metrics.spider.hardness.SpiderSqlTree.Condition;
import io.evalstream.metrics.spider.hardness.SpiderSqlTree.Unit;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Spider's official hardness levels (evaluation.py {@code eval_hardness}), computed from the
 * gold SQL with the same three counts: component 1 (WHERE, GROUP BY, ORDER BY, LIMIT, joins, OR,
 * LIKE), component 2 (nested queries and set operations) and others (several aggregates,
 * select columns, where conditions, group-by columns). The official quirks are kept on purpose,
 * since the published distribution depends on them: in WHERE only NOT conditions count as
 * aggregates, and in HAVING every NOT condition and every 'and'/'or' does.
 */
public final class SpiderHardness {
    public static final String EASY = "easy";
    public static final String MEDIUM = "medium";
    public static final String HARD = "hard";
    public static final String EXTRA = "extra";

    private SpiderHardness() {
    }

    /** The three counts the rules combine. */
    public record Counts(int component1, int component2, int others) {
    }

    /**
     * @return "easy", "medium", "hard" or "extra"
     * @throws IllegalArgumentException if the SQL is outside Spider's subset
     */
    public static String of(String goldSql) {
        return level(counts(goldSql));
    }

    /** Like {@link #of} but empty instead of an exception, for text that may not be Spider SQL. */
    public static Optional<String> tryOf(String sql) {
        try {
            return Optional.of(of(sql));
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    public static Counts counts(String sql) {
        SpiderSqlTree tree = SpiderSqlParser.parse(sql);
        return new Counts(component1(tree), nested(tree).size(), others(tree));
    }

    public static String level(Counts c) {
        int c1 = c.component1();
        int c2 = c.component2();
        int o = c.others();
        if (c1 <= 1 && o == 0 && c2 == 0) {
            return EASY;
        }
        if ((o <= 2 && c1 <= 1 && c2 == 0) || (c1 <= 2 && o < 2 && c2 == 0)) {
            return MEDIUM;
        }
        if ((o > 2 && c1 <= 2 && c2 == 0) || (c1 > 2 && c1 <= 3 && o <= 2 && c2 == 0) || (c1 <= 1 && o == 0 && c2 <= 1)) {
            return HARD;
        }
        return EXTRA;
    }

    static int component1(SpiderSqlTree t) {
        int count = 0;
        count += t.where().listLength() > 0 ? 1 : 0;
        count += t.groupByAggs().isEmpty() ? 0 : 1;
        count += t.hasOrderBy() ? 1 : 0;
        count += t.hasLimit() ? 1 : 0;
        count += Math.max(0, t.tableUnits() - 1);
        for (Condition cond : List.of(t.fromConditions(), t.where(), t.having())) {
            count += (int) cond.conjunctions().stream().filter("or"::equals).count();
            count += (int) cond.units().stream().filter(u -> u.op().equals("like")).count();
        }
        return count;
    }

    static List<SpiderSqlTree> nested(SpiderSqlTree t) {
        List<SpiderSqlTree> out = new ArrayList<>();
        for (Condition cond : List.of(t.fromConditions(), t.where(), t.having())) {
            for (Unit u : cond.units()) {
                if (u.value1Sql() != null) {
                    out.add(u.value1Sql());
                }
                if (u.value2Sql() != null) {
                    out.add(u.value2Sql());
                }
            }
        }
        for (SpiderSqlTree set : new SpiderSqlTree[] {t.intersect(), t.except(), t.union()}) {
            if (set != null) {
                out.add(set);
            }
        }
        return out;
    }

    static int others(SpiderSqlTree t) {
        int aggs = (int) t.selectAggs().stream().filter(a -> a).count();
        aggs += (int) t.where().units().stream().filter(Unit::not).count();
        aggs += (int) t.groupByAggs().stream().filter(a -> a).count();
        aggs += t.orderByAggs();
        aggs += (int) t.having().units().stream().filter(Unit::not).count() + t.having().conjunctions().size();
        int count = aggs > 1 ? 1 : 0;
        count += t.selectAggs().size() > 1 ? 1 : 0;
        count += t.where().listLength() > 1 ? 1 : 0;
        count += t.groupByAggs().size() > 1 ? 1 : 0;
        return count;
    }
}
