package io.evalstream.aggregator.stats;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Cluster-robust standard error of a mean score, for items that come in groups which succeed or
 * fail together: Spider questions share a database, MMLU questions a subject.
 *
 * <p>Miller (2024), "Adding Error Bars to Evals", arXiv 2411.00640, gives the clustered standard
 * error as the naive variance plus the within-cluster cross products of the residuals:
 * <pre>
 *   SE_clustered^2 = SE_naive^2 + 1/n^2 * sum_c sum_i sum_{j != i} (s_ic - mean)(s_jc - mean)
 *                  = 1/n^2 * sum_c (sum_i (s_ic - mean))^2
 * </pre>
 * with {@code SE_naive^2 = 1/n^2 * sum (s_i - mean)^2} (= {@code p(1-p)/n} for 0/1 scores). This is
 * the "CR0" sandwich of an OLS regression of the score on a constant (Cameron &amp; Miller 2015,
 * "A Practitioner's Guide to Cluster-Robust Inference"). With only one regressor (K = 1) the
 * finite-sample "CR1" factor {@code G/(G-1) * (n-1)/(n-K)} of Stata and of statsmodels'
 * {@code OLS(...).fit(cov_type='cluster')} reduces to {@code G/(G-1)}. Spider's dev set has only
 * 20 databases, where CR0 is known to be too small, so the report uses CR1; both are returned.
 *
 * <p>The paired version applies the same estimator to the per-item differences (model minus
 * base), clustered by the same groups: the clustered SE of the difference in accuracy.
 */
public final class ClusteredStandardError {

    /** One scored item: its cluster (database, subject) and its score, 0/1 for a verdict. */
    public record Item(String cluster, double score) {
    }

    /** One item scored by both models, in its cluster. */
    public record PairedItem(String cluster, double baseScore, double modelScore) {
    }

    public static ClusteredEstimate of(List<Item> items) {
        String[] clusters = new String[items.size()];
        double[] scores = new double[items.size()];
        for (int i = 0; i < scores.length; i++) {
            Item item = items.get(i);
            clusters[i] = checkedCluster(item.cluster(), i);
            scores[i] = checkedScore(item.score(), i);
        }
        return estimate(clusters, scores);
    }

    /** The clustered SE of model minus base: the mean of the per-item differences. */
    public static ClusteredEstimate pairedDifference(List<PairedItem> items) {
        String[] clusters = new String[items.size()];
        double[] differences = new double[items.size()];
        for (int i = 0; i < differences.length; i++) {
            PairedItem item = items.get(i);
            clusters[i] = checkedCluster(item.cluster(), i);
            differences[i] = checkedScore(item.modelScore(), i) - checkedScore(item.baseScore(), i);
        }
        return estimate(clusters, differences);
    }

    private static ClusteredEstimate estimate(String[] clusters, double[] scores) {
        int n = scores.length;
        if (n == 0) {
            return ClusteredEstimate.EMPTY;
        }
        double sum = 0;
        for (double score : scores) {
            sum += score;
        }
        double mean = sum / n;
        // Residuals are summed per cluster first: the cross products of the formula are what the
        // square of a cluster's sum adds to the squares of its items.
        double squares = 0;
        Map<String, double[]> residualSums = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            double residual = scores[i] - mean;
            squares += residual * residual;
            residualSums.computeIfAbsent(clusters[i], c -> new double[1])[0] += residual;
        }
        double meat = 0;
        for (double[] clusterSum : residualSums.values()) {
            meat += clusterSum[0] * clusterSum[0];
        }
        int g = residualSums.size();
        double naive = Math.sqrt(squares) / n;
        double cr0 = Math.sqrt(meat) / n;
        double cr1 = g < 2 || n < 2 ? Double.NaN : cr0 * Math.sqrt((double) g / (g - 1));
        double designEffect = squares == 0 ? Double.NaN : meat / squares;
        return new ClusteredEstimate(n, g, mean, naive, cr0, cr1, designEffect);
    }

    private static String checkedCluster(String cluster, int index) {
        if (cluster == null || cluster.isEmpty()) {
            throw new IllegalArgumentException("item " + index + " has no cluster id (database or subject)");
        }
        return cluster;
    }

    private static double checkedScore(double score, int index) {
        if (!Double.isFinite(score)) {
            throw new IllegalArgumentException("item " + index + " has a score that is not a number: " + score);
        }
        return score;
    }

    private ClusteredStandardError() {
    }
}
