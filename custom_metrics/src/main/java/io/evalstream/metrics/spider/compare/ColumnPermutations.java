package io.evalstream.metrics.spider.compare;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Whether some order of the predicted columns makes the predicted rows equal the gold rows: as
 * lists when row order matters, as multisets otherwise. This is the verdict of exec_eval.py's
 * loop over {@code get_constraint_permutation}: its random sampling of 20 rows only drops column
 * pairings that cannot be part of a match, so it changes how long the search takes, never its
 * answer. Here the answer is found without enumerating permutations where possible: with row
 * order, each gold column must equal one predicted column value for value, a matching of
 * identical vectors; without it, a backtracking search assigns gold columns one by one, keeps only
 * assignments whose projected rows are still equal as multisets, and tries identical predicted
 * columns once. Rows must be canonical ({@link CanonicalValues}).
 */
final class ColumnPermutations {
    /** Projected-row multisets built before the search gives up; far beyond any real result. */
    static final long WORK_BOUND = 20_000_000;

    enum Answer { FOUND, NONE, GAVE_UP }

    private final List<List<Object>> gold;
    private final List<List<Object>> pred;
    private final int columns;
    private final int[] classOf;
    private final int[] classCount;
    private final List<Integer> representative = new ArrayList<>();
    private final int[] assigned;
    private long work;

    private ColumnPermutations(List<List<Object>> gold, List<List<Object>> pred) {
        this.gold = gold;
        this.pred = pred;
        this.columns = gold.get(0).size();
        this.classOf = new int[columns];
        this.classCount = new int[columns];
        this.assigned = new int[columns];
        Map<List<Object>, Integer> classes = new HashMap<>();
        for (int p = 0; p < columns; p++) {
            int id = classes.computeIfAbsent(column(pred, p), k -> {
                representative.add(-1);
                return classes.size();
            });
            if (representative.get(id) < 0) {
                representative.set(id, p);
            }
            classOf[p] = id;
            classCount[id]++;
        }
    }

    /** Both tables non-empty, with the same numbers of rows and of columns. */
    static Answer exists(List<List<Object>> gold, List<List<Object>> pred, boolean orderMatters) {
        if (gold.get(0).size() == 1) {
            boolean same = orderMatters ? gold.equals(pred) : ResultSetComparator.multisetEqual(gold, pred);
            return same ? Answer.FOUND : Answer.NONE;
        }
        ColumnPermutations search = new ColumnPermutations(gold, pred);
        return orderMatters ? search.byColumnVectors() : search.byBacktracking();
    }

    private Answer byColumnVectors() {
        Map<List<Object>, Integer> remaining = new HashMap<>();
        for (int p = 0; p < columns; p++) {
            remaining.merge(column(pred, p), 1, Integer::sum);
        }
        for (int g = 0; g < columns; g++) {
            List<Object> vector = column(gold, g);
            Integer left = remaining.get(vector);
            if (left == null || left == 0) {
                return Answer.NONE;
            }
            remaining.put(vector, left - 1);
        }
        return Answer.FOUND;
    }

    private Answer byBacktracking() {
        List<Map<Object, Integer>> goldColumnCounts = new ArrayList<>();
        List<Map<Object, Integer>> classColumnCounts = new ArrayList<>();
        for (int g = 0; g < columns; g++) {
            goldColumnCounts.add(counts(column(gold, g)));
        }
        for (int rep : representative) {
            classColumnCounts.add(counts(column(pred, rep)));
        }
        List<List<Integer>> fits = new ArrayList<>();
        for (int g = 0; g < columns; g++) {
            List<Integer> classes = new ArrayList<>();
            for (int c = 0; c < representative.size(); c++) {
                if (goldColumnCounts.get(g).equals(classColumnCounts.get(c))) {
                    classes.add(c);
                }
            }
            if (classes.isEmpty()) {
                return Answer.NONE;
            }
            fits.add(classes);
        }
        int[] left = classCount.clone();
        int[] nextOfClass = new int[representative.size()];
        try {
            return assign(0, fits, left, nextOfClass) ? Answer.FOUND : Answer.NONE;
        } catch (GaveUp e) {
            return Answer.GAVE_UP;
        }
    }

    private static final class GaveUp extends RuntimeException {
        GaveUp() {
            super(null, null, false, false);
        }
    }

    private boolean assign(int g, List<List<Integer>> fits, int[] left, int[] nextOfClass) {
        if (g == columns) {
            return true;
        }
        for (int c : fits.get(g)) {
            if (left[c] == 0) {
                continue;
            }
            left[c]--;
            assigned[g] = memberOfClass(c, nextOfClass[c]++);
            if (prefixMatches(g + 1) && assign(g + 1, fits, left, nextOfClass)) {
                return true;
            }
            nextOfClass[c]--;
            left[c]++;
        }
        return false;
    }

    /** The k-th predicted column of a class; identical columns are interchangeable, so which one does not matter. */
    private int memberOfClass(int c, int k) {
        int seen = 0;
        for (int p = 0; p < columns; p++) {
            if (classOf[p] == c && seen++ == k) {
                return p;
            }
        }
        throw new IllegalStateException("class " + c + " has no member " + k);
    }

    private boolean prefixMatches(int width) {
        work += gold.size();
        if (work > WORK_BOUND) {
            throw new GaveUp();
        }
        Map<List<Object>, Integer> counts = new HashMap<>();
        for (List<Object> row : gold) {
            counts.merge(row.subList(0, width), 1, Integer::sum);
        }
        for (List<Object> row : pred) {
            List<Object> projected = new ArrayList<>(width);
            for (int i = 0; i < width; i++) {
                projected.add(row.get(assigned[i]));
            }
            Integer n = counts.get(projected);
            if (n == null || n == 0) {
                return false;
            }
            counts.put(projected, n - 1);
        }
        return true;
    }

    private static List<Object> column(List<List<Object>> rows, int c) {
        List<Object> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(row.get(c));
        }
        return out;
    }

    private static Map<Object, Integer> counts(List<Object> values) {
        Map<Object, Integer> m = new HashMap<>();
        for (Object v : values) {
            m.merge(v == null ? NULL : v, 1, Integer::sum);
        }
        return m;
    }

    private static final Object NULL = new Object();
}
