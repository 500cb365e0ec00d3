package io.evalstream.aggregator.stats;

/**
 * A mean of per-item scores (an accuracy, or a paired difference of accuracies) with its naive
 * and its cluster-robust standard errors; all fractions. See {@link ClusteredStandardError}.
 *
 * @param n                     items
 * @param clusters              distinct cluster ids among them (G)
 * @param mean                  mean score
 * @param naiveStandardError    {@code sqrt(sum (s_i - mean)^2) / n}: items independent
 *                              ({@code sqrt(p(1-p)/n)} for 0/1 scores, as {@link Bernoulli#stdError})
 * @param clusteredStandardError CR0: {@code sqrt(sum_g (sum_{i in g} (s_i - mean))^2) / n}
 * @param correctedStandardError CR1: CR0 times {@code sqrt(G/(G-1) * (n-1)/(n-K))} with K = 1, the
 *                              small-sample factor of statsmodels' {@code cov_type='cluster'} with
 *                              one regressor; NaN when G or n is below 2. The report shows this one.
 * @param designEffect          {@code (clustered / naive)^2}, both uncorrected: how many times the
 *                              variance grows because items of a cluster move together (1 when every
 *                              item is its own cluster); NaN when the naive error is 0
 */
public record ClusteredEstimate(long n, int clusters, double mean, double naiveStandardError,
        double clusteredStandardError, double correctedStandardError, double designEffect) {

    public static final ClusteredEstimate EMPTY =
            new ClusteredEstimate(0, 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);

    /** The sample size the same precision would need without clustering: {@code n / designEffect}. */
    public double effectiveSampleSize() {
        return n / designEffect;
    }
}
