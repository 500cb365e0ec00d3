package io.evalstream.metrics.spider.compare;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.StringJoiner;

/** Short descriptions of how two result sets differ, for a wrong_result reason. */
final class RowDiff {
    private static final int MAX_ROW_TEXT = 120;

    private RowDiff() {
    }

    static String shape(List<List<Object>> gold, List<List<Object>> pred) {
        return "gold " + gold.size() + " rows x " + width(gold) + " cols, predicted " + pred.size() + " rows x " + width(pred) + " cols";
    }

    /** First position where the rows differ, for comparisons where order matters. */
    static String ordered(List<List<Object>> gold, List<List<Object>> pred) {
        int n = Math.min(gold.size(), pred.size());
        for (int i = 0; i < n; i++) {
            if (!gold.get(i).equals(pred.get(i))) {
                return shape(gold, pred) + "; first differing row #" + i + ": gold " + row(gold.get(i)) + " vs predicted " + row(pred.get(i))
                        + " (row order matters: the gold query has ORDER BY)";
            }
        }
        return shape(gold, pred) + "; rows differ in order (the gold query has ORDER BY)";
    }

    /** A gold row the prediction lacks and a predicted row gold lacks, counting duplicates. */
    static String unordered(List<List<Object>> gold, List<List<Object>> pred) {
        Map<List<Object>, Integer> remaining = new HashMap<>();
        for (List<Object> r : pred) {
            remaining.merge(r, 1, Integer::sum);
        }
        List<Object> missing = null;
        for (List<Object> r : gold) {
            Integer left = remaining.get(r);
            if (left == null || left == 0) {
                if (missing == null) {
                    missing = r;
                }
            } else {
                remaining.put(r, left - 1);
            }
        }
        List<Object> extra = null;
        for (Map.Entry<List<Object>, Integer> e : remaining.entrySet()) {
            if (e.getValue() > 0) {
                extra = e.getKey();
                break;
            }
        }
        return describe(gold, pred, missing, extra);
    }

    static String asSets(List<List<Object>> gold, List<List<Object>> pred) {
        Set<List<Object>> predSet = new HashSet<>(pred);
        Set<List<Object>> goldSet = new HashSet<>(gold);
        List<Object> missing = gold.stream().filter(r -> !predSet.contains(r)).findFirst().orElse(null);
        List<Object> extra = pred.stream().filter(r -> !goldSet.contains(r)).findFirst().orElse(null);
        return describe(gold, pred, missing, extra);
    }

    private static String describe(List<List<Object>> gold, List<List<Object>> pred, List<Object> missing, List<Object> extra) {
        StringBuilder sb = new StringBuilder(shape(gold, pred));
        if (missing != null) {
            sb.append("; gold row ").append(row(missing)).append(" missing from prediction");
        }
        if (extra != null) {
            sb.append("; predicted row ").append(row(extra)).append(" not in gold");
        }
        if (missing == null && extra == null) {
            sb.append("; same rows, different column order or duplicates");
        }
        return sb.toString();
    }

    static String row(List<Object> row) {
        StringJoiner j = new StringJoiner(", ", "(", ")");
        for (Object v : row) {
            j.add(v instanceof String s ? "'" + s + "'" : String.valueOf(v));
        }
        String text = j.toString();
        return text.length() <= MAX_ROW_TEXT ? text : text.substring(0, MAX_ROW_TEXT - 4) + "...)";
    }

    private static int width(List<List<Object>> rows) {
        return rows.isEmpty() ? 0 : rows.get(0).size();
    }
}
