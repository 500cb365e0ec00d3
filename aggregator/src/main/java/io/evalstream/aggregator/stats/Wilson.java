package io.evalstream.aggregator.stats;

/**
 * Wilson score interval of a binomial proportion (Wilson 1927), the interval that
 * statsmodels' {@code proportion_confint(method="wilson")} computes. Unlike the normal
 * approximation it stays inside [0, 1] and is honest at accuracies near 0, which is where a
 * base model on Spider lives (36/1034).
 */
public final class Wilson {
    /** Standard-normal quantile at 0.975, {@code scipy.stats.norm.ppf(0.975)}. */
    public static final double Z_95 = 1.959963984540054;

    public static Interval interval95(long correct, long n) {
        return interval(correct, n, Z_95);
    }

    /** The interval; [0, 1] when n is 0, since no data excludes nothing. */
    public static Interval interval(long correct, long n, double z) {
        Bernoulli.check(correct, n);
        if (n == 0) {
            return new Interval(0, 1);
        }
        double p = (double) correct / n;
        double z2 = z * z;
        double denominator = 1 + z2 / n;
        double centre = (p + z2 / (2.0 * n)) / denominator;
        double half = z / denominator * Math.sqrt(p * (1 - p) / n + z2 / (4.0 * n * n));
        return new Interval(Math.max(0, centre - half), Math.min(1, centre + half));
    }

    private Wilson() {
    }
}
