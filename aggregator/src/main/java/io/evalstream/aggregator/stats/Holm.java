package io.evalstream.aggregator.stats;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Holm's step-down correction for a family of m tests (Holm 1979, "A Simple Sequentially
 * Rejective Multiple Test Procedure", Scand. J. Statist. 6:65-70): it keeps the chance of any
 * false "significant regression" among all adapter x category comparisons at alpha, and never
 * rejects less than Bonferroni.
 *
 * <p>With the p-values sorted ascending, p(1) &lt;= ... &lt;= p(m), the adjusted value of the i-th is
 * {@code min(1, max_{j <= i} (m - j + 1) p(j))}: the running maximum keeps the adjusted values in
 * the order of the raw ones (monotone), which is what makes "adjusted &lt;= alpha" the same as
 * Holm's rule "reject while p(i) &lt;= alpha / (m - i + 1), stop at the first that fails". It is
 * {@code statsmodels.stats.multitest.multipletests(p, method='holm')} and R's
 * {@code p.adjust(p, "holm")}. Ties keep their input order (a stable sort).
 */
public final class Holm {

    /** Adjusted p-values, in the order of the input. */
    public static double[] adjust(double[] pValues) {
        int m = pValues.length;
        for (int i = 0; i < m; i++) {
            if (!(pValues[i] >= 0 && pValues[i] <= 1)) {
                throw new IllegalArgumentException("p-value " + i + " must lie in [0, 1], got " + pValues[i]);
            }
        }
        Integer[] order = new Integer[m];
        Arrays.setAll(order, i -> i);
        Arrays.sort(order, Comparator.comparingDouble(i -> pValues[i]));
        double[] adjusted = new double[m];
        double runningMax = 0;
        for (int rank = 0; rank < m; rank++) {
            int i = order[rank];
            runningMax = Math.max(runningMax, Math.min(1.0, (m - rank) * pValues[i]));
            adjusted[i] = runningMax;
        }
        return adjusted;
    }

    /** The family, in the map's iteration order, with which comparisons survive at {@code alpha}. */
    public static <K> List<HolmAdjusted<K>> family(Map<K, Double> pValues, double alpha) {
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need 0 < alpha < 1, got " + alpha);
        }
        List<K> keys = new ArrayList<>(pValues.keySet());
        double[] raw = new double[keys.size()];
        for (int i = 0; i < raw.length; i++) {
            Double p = pValues.get(keys.get(i));
            if (p == null || !(p >= 0 && p <= 1)) {
                throw new IllegalArgumentException("comparison " + keys.get(i) + " has p-value " + p
                        + "; every member of a Holm family needs one in [0, 1]");
            }
            raw[i] = p;
        }
        double[] adjusted = adjust(raw);
        List<HolmAdjusted<K>> result = new ArrayList<>(raw.length);
        for (int i = 0; i < raw.length; i++) {
            result.add(new HolmAdjusted<>(keys.get(i), raw[i], adjusted[i], adjusted[i] <= alpha));
        }
        return result;
    }

    private Holm() {
    }
}
