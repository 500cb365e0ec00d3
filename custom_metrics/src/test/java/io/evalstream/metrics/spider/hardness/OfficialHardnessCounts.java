package io.evalstream.metrics.spider.hardness;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Spider evaluation.py's count_component1 / count_component2 / count_others, applied to the
 * parsed "sql" dictionaries that dev.json carries; the reference our parser is checked against.
 */
final class OfficialHardnessCounts {
    private static final int LIKE_OP = 9; // WHERE_OPS.index('like')

    private OfficialHardnessCounts() {
    }

    static SpiderHardness.Counts of(JsonNode sql) {
        return new SpiderHardness.Counts(component1(sql), nested(sql), others(sql));
    }

    private static int component1(JsonNode sql) {
        int count = 0;
        count += sql.get("where").size() > 0 ? 1 : 0;
        count += sql.get("groupBy").size() > 0 ? 1 : 0;
        count += sql.get("orderBy").size() > 0 ? 1 : 0;
        count += sql.get("limit").isNull() ? 0 : 1;
        count += Math.max(0, sql.get("from").get("table_units").size() - 1);
        for (JsonNode cond : new JsonNode[] {sql.get("from").get("conds"), sql.get("where"), sql.get("having")}) {
            for (int i = 0; i < cond.size(); i++) {
                JsonNode e = cond.get(i);
                if (i % 2 == 1 && e.asText().equals("or")) {
                    count++;
                }
                if (i % 2 == 0 && e.get(1).asInt() == LIKE_OP) {
                    count++;
                }
            }
        }
        return count;
    }

    private static int nested(JsonNode sql) {
        int count = 0;
        for (JsonNode cond : new JsonNode[] {sql.get("from").get("conds"), sql.get("where"), sql.get("having")}) {
            for (int i = 0; i < cond.size(); i += 2) {
                count += cond.get(i).get(3).isObject() ? 1 : 0;
                count += cond.get(i).get(4).isObject() ? 1 : 0;
            }
        }
        for (String op : new String[] {"intersect", "except", "union"}) {
            count += sql.get(op).isNull() ? 0 : 1;
        }
        return count;
    }

    /** has_agg(unit) is unit[0] != 0: for cond units that is not_op, for 'and'/'or' strings it is always true. */
    private static boolean hasAgg(JsonNode unit) {
        if (unit.isTextual()) {
            return true;
        }
        JsonNode first = unit.get(0);
        return first.isBoolean() ? first.asBoolean() : first.asInt() != 0;
    }

    private static int others(JsonNode sql) {
        int aggs = 0;
        for (JsonNode u : sql.get("select").get(1)) {
            aggs += hasAgg(u) ? 1 : 0;
        }
        JsonNode where = sql.get("where");
        for (int i = 0; i < where.size(); i += 2) {
            aggs += hasAgg(where.get(i)) ? 1 : 0;
        }
        for (JsonNode u : sql.get("groupBy")) {
            aggs += hasAgg(u) ? 1 : 0;
        }
        if (sql.get("orderBy").size() > 0) {
            for (JsonNode valUnit : sql.get("orderBy").get(1)) {
                if (!valUnit.get(1).isNull()) {
                    aggs += hasAgg(valUnit.get(1)) ? 1 : 0;
                }
                if (!valUnit.get(2).isNull()) {
                    aggs += hasAgg(valUnit.get(2)) ? 1 : 0;
                }
            }
        }
        for (JsonNode u : sql.get("having")) {
            aggs += hasAgg(u) ? 1 : 0;
        }
        int count = aggs > 1 ? 1 : 0;
        count += sql.get("select").get(1).size() > 1 ? 1 : 0;
        count += where.size() > 1 ? 1 : 0;
        count += sql.get("groupBy").size() > 1 ? 1 : 0;
        return count;
    }
}
