package io.evalstream.aggregator.stats;

/**
 * Exact two-sided McNemar test: under "both models are equally good", each discordant pair
 * (one model right, the other wrong) is a fair coin, so the count of base-only pairs among the
 * {@code b + c} discordant ones is Binomial(b + c, 1/2). The p-value is twice the smaller tail,
 * capped at 1, as {@code statsmodels.stats.contingency_tables.mcnemar(exact=True)} and
 * {@code scipy.stats.binomtest(min(b, c), b + c, 0.5)} compute it (the distribution is symmetric,
 * so doubling equals scipy's "as likely or less likely" rule).
 */
public final class McNemar {

    /** p-value for {@code baseOnly} pairs where only the base is right and {@code modelOnly} where only the model is. */
    public static double exactPValue(long baseOnly, long modelOnly) {
        if (baseOnly < 0 || modelOnly < 0) {
            throw new IllegalArgumentException("discordant counts must be >= 0, got " + baseOnly + " and " + modelOnly);
        }
        long n = baseOnly + modelOnly;
        long k = Math.min(baseOnly, modelOnly);
        if (2 * k >= n) {
            return 1.0;
        }
        // Sum P(X = k) + P(X = k-1) + ... downwards: each term is the last times j/(n-j+1), so
        // only the first needs logarithms and nothing overflows however large n is.
        double term = StrictMath.exp(LogFactorial.binomialLogPmf(n, k, 0.5));
        double tail = 0;
        for (long j = k; j >= 0; j--) {
            tail += term;
            if (term < tail * 1e-17) {
                break;
            }
            term *= (double) j / (n - j + 1);
        }
        return Math.min(1.0, 2 * tail);
    }

    private McNemar() {
    }
}
