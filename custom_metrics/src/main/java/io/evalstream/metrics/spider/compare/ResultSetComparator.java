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
 * Compares a predicted result set with the gold one under a {@link ComparisonMode}. Rows must
 * already be canonical ({@link CanonicalValues}). The official mode follows test-suite-sql-eval's
 * {@code result_eq}; where that code samples rows at random to prune column permutations, this
 * one prunes deterministically by per-column value multisets (a permutation that fails that test
 * can never succeed, so no verdict changes) and gives up after {@link #MAX_PERMUTATIONS} checks.
 */
public final class ResultSetComparator {
    /** A bound so that 20+ interchangeable columns cannot make one comparison run for hours. */
    public static final int MAX_PERMUTATIONS = 10_000;

    private ResultSetComparator() {
    }

    public static Comparison compare(List<List<Object>> gold, List<List<Object>> pred, ComparisonMode mode, boolean orderMatters) {
        return switch (mode) {
            case OFFICIAL -> official(gold, pred, orderMatters);
            case BAG -> multisetEqual(gold, pred) ? Comparison.same() : Comparison.differs(RowDiff.unordered(gold, pred));
            case SET -> new HashSet<>(gold).equals(new HashSet<>(pred))
                    ? Comparison.same() : Comparison.differs(RowDiff.asSets(gold, pred));
        };
    }

    static Comparison official(List<List<Object>> gold, List<List<Object>> pred, boolean orderMatters) {
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
        List<List<Object>> goldUnordered = unorderRows(gold);
        List<List<Object>> predUnordered = unorderRows(pred);
        boolean sameUnorderedRows = orderMatters ? goldUnordered.equals(predUnordered)
                : new HashSet<>(goldUnordered).equals(new HashSet<>(predUnordered));
        if (!sameUnorderedRows) {
            return Comparison.differs(orderMatters ? RowDiff.ordered(gold, pred) : RowDiff.unordered(gold, pred));
        }
        PermutationSearch search = new PermutationSearch(gold, pred, orderMatters);
        if (search.found()) {
            return Comparison.same();
        }
        if (search.exhaustedBound()) {
            return Comparison.differs("no column order matched within the search bound of " + MAX_PERMUTATIONS + " permutations");
        }
        return Comparison.differs(orderMatters ? RowDiff.ordered(gold, pred) : RowDiff.unordered(gold, pred)
                + " (no column order makes the rows equal)");
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

    /** Each row's values sorted, as the official unorder_row does, to reject most mismatches cheaply. */
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

    /** Column permutations of the prediction, pruned by per-column value multisets, tried until one matches. */
    private static final class PermutationSearch {
        private final List<List<Object>> gold;
        private final List<List<Object>> pred;
        private final boolean orderMatters;
        private final List<List<Integer>> candidates = new ArrayList<>();
        private final int[] permutation;
        private final boolean[] used;
        private int tried;
        private boolean found;

        PermutationSearch(List<List<Object>> gold, List<List<Object>> pred, boolean orderMatters) {
            this.gold = gold;
            this.pred = pred;
            this.orderMatters = orderMatters;
            int columns = gold.get(0).size();
            List<Map<Object, Integer>> goldColumns = columnMultisets(gold, columns);
            List<Map<Object, Integer>> predColumns = columnMultisets(pred, columns);
            for (int g = 0; g < columns; g++) {
                List<Integer> fits = new ArrayList<>();
                for (int p = 0; p < columns; p++) {
                    if (goldColumns.get(g).equals(predColumns.get(p))) {
                        fits.add(p);
                    }
                }
                candidates.add(fits);
            }
            permutation = new int[columns];
            used = new boolean[columns];
            assign(0);
        }

        boolean found() {
            return found;
        }

        boolean exhaustedBound() {
            return tried >= MAX_PERMUTATIONS;
        }

        private void assign(int column) {
            if (found || tried >= MAX_PERMUTATIONS) {
                return;
            }
            if (column == permutation.length) {
                tried++;
                found = matches();
                return;
            }
            for (int p : candidates.get(column)) {
                if (!used[p]) {
                    used[p] = true;
                    permutation[column] = p;
                    assign(column + 1);
                    used[p] = false;
                    if (found || tried >= MAX_PERMUTATIONS) {
                        return;
                    }
                }
            }
        }

        private boolean matches() {
            List<List<Object>> permuted = new ArrayList<>(pred.size());
            for (List<Object> row : pred) {
                Object[] values = new Object[permutation.length];
                for (int i = 0; i < values.length; i++) {
                    values[i] = row.get(permutation[i]);
                }
                permuted.add(Collections.unmodifiableList(Arrays.asList(values)));
            }
            return orderMatters ? gold.equals(permuted) : multisetEqual(gold, permuted);
        }

        private static List<Map<Object, Integer>> columnMultisets(List<List<Object>> rows, int columns) {
            List<Map<Object, Integer>> out = new ArrayList<>(columns);
            for (int c = 0; c < columns; c++) {
                Map<Object, Integer> counts = new HashMap<>();
                for (List<Object> row : rows) {
                    counts.merge(Objects.requireNonNullElse(row.get(c), NULL), 1, Integer::sum);
                }
                out.add(counts);
            }
            return out;
        }

        private static final Object NULL = new Object();
    }
}
