package io.evalstream.metrics.spider.hardness;

import java.util.List;

/**
 * The parts of a parsed Spider query that the official hardness rules count, shaped like the
 * dictionary of Spider's process_sql.py (select, from, where, groupBy, having, orderBy, limit,
 * intersect/union/except).
 *
 * @param selectAggs     per select item, whether it carries an aggregate (agg_id != none)
 * @param tableUnits     number of FROM units (tables and subqueries)
 * @param fromConditions JOIN ... ON conditions, joined with 'and'
 * @param groupByAggs    per GROUP BY column, whether it is aggregated
 * @param orderByAggs    aggregates among ORDER BY value units (both sides of a - b count)
 * @param hasOrderBy     whether there is an ORDER BY
 */
public record SpiderSqlTree(
        List<Boolean> selectAggs,
        int tableUnits,
        Condition fromConditions,
        Condition where,
        List<Boolean> groupByAggs,
        Condition having,
        boolean hasOrderBy,
        int orderByAggs,
        boolean hasLimit,
        SpiderSqlTree intersect,
        SpiderSqlTree union,
        SpiderSqlTree except) {

    /** A condition: units joined by 'and'/'or'; conjunctions.get(i) sits between units i and i+1. */
    public record Condition(List<Unit> units, List<String> conjunctions) {
        public static final Condition EMPTY = new Condition(List.of(), List.of());

        /** Length of process_sql's alternating list [unit, 'and', unit, ...]. */
        public int listLength() {
            return units.size() + conjunctions.size();
        }
    }

    /** One comparison: not_op, the operator, and any subquery among its values. */
    public record Unit(boolean not, String op, SpiderSqlTree value1Sql, SpiderSqlTree value2Sql) {
    }
}
