package io.evalstream.metrics.spider.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Compares a predicted result set with the gold one under a {@link ComparisonMode}. Rows come as
 * the sandbox fetched them; equality is Python's ({@link CanonicalValues}). The official mode is
 * test-suite-sql-eval's {@code result_eq} including its quick rejection by Python's sort key
 * ({@link PythonSortKey}); strict is the same without that quirk; the column-permutation search of
 * both is exact ({@link ColumnPermutations}).
 */
public final class ResultSetComparator {

    private ResultSetComparator() {
    }

    public static Comparison compare(List<List<Object>> goldRows, List<List<Object>> predRows, ComparisonMode mode,
                                     boolean orderMatters, CanonicalValues canonical) {
        List<List<Object>> gold = canonical.canonicalRows(goldRows);
        List<List<Object>> pred = canonical.canonicalRows(predRows);
        return switch (mode) {
            case OFFICIAL -> resultEq(gold, pred, orderMatters, unorderByPythonKey(goldRows, canonical),
                    unorderByPythonKey(predRows, canonical), true);
            case STRICT -> resultEq(gold, pred, orderMatters, unorderRows(gold), unorderRows(pred), false);
            case BAG -> multisetEqual(gold, pred) ? Comparison.same() : Comparison.differs(RowDiff.unordered(gold, pred));
            case SET -> new HashSet<>(gold).equals(new HashSet<>(pred))
                    ? Comparison.same() : Comparison.differs(RowDiff.asSets(gold, pred));
        };
    }

    /** exec_eval.py result_eq, given each row's values already sorted (the first half of its quick_rej). */
    private static Comparison resultEq(List<List<Object>> gold, List<List<Object>> pred, boolean orderMatters,
                                       List<List<Object>> goldUnordered, List<List<Object>> predUnordered, boolean pythonKey) {
        if (gold.isEmpty() && pred.isEmpty()) {
            return Comparison.same();
        }
        if (gold.size() != pred.size()) {
            return Comparison.differs(RowDiff.unordered(gold, pred));
        }
        int columns = gold.get(0).size();
        if (pred.get(0).size() != columns) {
            return Comparison.differs(RowDiff.shape(gold, pred) + "; column count differs");
        }
        boolean sameUnorderedRows = orderMatters ? goldUnordered.equals(predUnordered)
                : new HashSet<>(goldUnordered).equals(new HashSet<>(predUnordered));
        if (!sameUnorderedRows) {
            String diff = orderMatters ? RowDiff.ordered(gold, pred) : RowDiff.unordered(gold, pred);
            if (pythonKey && quickRejectionPassesCanonically(gold, pred, orderMatters)) {
                diff += " (the official quick rejection sorts each row by str(value) + str(type(value)), so an integer and an"
                        + " equal float can sort apart: exec_eval.py unorder_row)";
            }
            return Comparison.differs(diff);
        }
        return switch (ColumnPermutations.exists(gold, pred, orderMatters)) {
            case FOUND -> Comparison.same();
            case GAVE_UP -> Comparison.differs("no column order was found within the search bound of "
                    + ColumnPermutations.WORK_BOUND + " projected rows");
            case NONE -> Comparison.differs((orderMatters ? RowDiff.ordered(gold, pred) : RowDiff.unordered(gold, pred))
                    + " (no column order makes the rows equal)");
        };
    }

    private static boolean quickRejectionPassesCanonically(List<List<Object>> gold, List<List<Object>> pred, boolean orderMatters) {
        List<List<Object>> g = unorderRows(gold);
        List<List<Object>> p = unorderRows(pred);
        return orderMatters ? g.equals(p) : new HashSet<>(g).equals(new HashSet<>(p));
    }

    private static List<List<Object>> unorderByPythonKey(List<List<Object>> rows, CanonicalValues canonical) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(canonical.canonicalRow(PythonSortKey.unorderRow(row)));
        }
        return out;
    }

    static boolean multisetEqual(List<List<Object>> a, List<List<Object>> b) {
        if (a.size() != b.size()) {
            return false;
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : a) {
            counts.merge(row, 1, Integer::sum);
        }
        for (List<Object> row : b) {
            Integer left = counts.get(row);
            if (left == null || left == 0) {
                return false;
            }
            counts.put(row, left - 1);
        }
        return true;
    }

    /** Each row's values sorted by a total order of canonical values: a quick rejection with Python's equality. */
    private static List<List<Object>> unorderRows(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            Object[] values = row.toArray();
            Arrays.sort(values, VALUE_ORDER);
            out.add(Collections.unmodifiableList(Arrays.asList(values)));
        }
        return out;
    }

    /** A total order over canonical values; only used to sort values within a row. */
    static final Comparator<Object> VALUE_ORDER = (a, b) -> {
        int ra = rank(a);
        int rb = rank(b);
        if (ra != rb) {
            return Integer.compare(ra, rb);
        }
        if (a == null) {
            return 0;
        }
        int c;
        if (a instanceof Number na && b instanceof Number nb) {
            c = Double.compare(na.doubleValue(), nb.doubleValue());
        } else if (a instanceof CanonicalValues.Quantized qa && b instanceof CanonicalValues.Quantized qb) {
            c = Long.compare(qa.step(), qb.step());
        } else {
            c = a.toString().compareTo(b.toString());
        }
        return c != 0 ? c : a.getClass().getName().compareTo(b.getClass().getName());
    };

    private static int rank(Object v) {
        if (v == null) {
            return 0;
        }
        if (v instanceof Number || v instanceof CanonicalValues.Quantized) {
            return 1;
        }
        if (v instanceof String) {
            return 2;
        }
        return 3;
    }
}
