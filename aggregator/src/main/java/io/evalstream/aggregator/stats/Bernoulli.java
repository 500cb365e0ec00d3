package io.evalstream.aggregator.stats;

/**
 * Spread of a Bernoulli sample of {@code n} verdicts, {@code correct} of them right.
 *
 * <p>Published reports print either form, so both are offered: the population form
 * {@code sqrt(p(1-p))} treats the items as the whole population (numpy's {@code std(ddof=0)});
 * the sample form {@code sqrt(n/(n-1) p(1-p))} is the unbiased-variance estimate
 * ({@code std(ddof=1)}, pandas' default). For 72/150 they are 0.4996 and 0.5013.
 */
public final class Bernoulli {

    /** Accuracy {@code correct/n}; NaN when n is 0 (no scorable item yet). */
    public static double accuracy(long correct, long n) {
        check(correct, n);
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    /** {@code sqrt(p(1-p))}; NaN when n is 0. */
    public static double stdDevPopulation(long correct, long n) {
        double p = accuracy(correct, n);
        return Math.sqrt(p * (1 - p));
    }

    /** {@code sqrt(n/(n-1) p(1-p))}; NaN when n is below 2, where it is undefined. */
    public static double stdDevSample(long correct, long n) {
        if (n < 2) {
            check(correct, n);
            return Double.NaN;
        }
        double p = accuracy(correct, n);
        return Math.sqrt((double) n / (n - 1) * p * (1 - p));
    }

    /** Standard error of the accuracy, {@code sqrt(p(1-p)/n)}; NaN when n is 0. */
    public static double stdError(long correct, long n) {
        double p = accuracy(correct, n);
        return Math.sqrt(p * (1 - p) / n);
    }

    static void check(long correct, long n) {
        if (n < 0 || correct < 0 || correct > n) {
            throw new IllegalArgumentException("need 0 <= correct <= n, got correct=" + correct + " n=" + n);
        }
    }

    private Bernoulli() {
    }
}
