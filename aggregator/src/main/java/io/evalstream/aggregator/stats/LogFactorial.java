package io.evalstream.aggregator.stats;

/**
 * {@code ln(k!)} for the binomial terms of the exact tests and the bootstrap sampler. Binomial
 * coefficients of a thousand discordant pairs overflow a double, so every term is built in log
 * space. StrictMath keeps results identical on every JVM, which the fixed-seed bootstrap needs.
 */
final class LogFactorial {
    private static final int TABLE_SIZE = 1024;
    private static final double[] TABLE = new double[TABLE_SIZE];

    static {
        double sum = 0;
        for (int k = 2; k < TABLE_SIZE; k++) {
            sum += StrictMath.log(k);
            TABLE[k] = sum;
        }
    }

    static double of(long k) {
        if (k < 0) {
            throw new IllegalArgumentException("factorial of a negative number: " + k);
        }
        if (k < TABLE_SIZE) {
            return TABLE[(int) k];
        }
        // Stirling's series; at k >= 1024 the first omitted term is below 1e-24.
        double x = k;
        double x2 = x * x;
        return x * StrictMath.log(x) - x + 0.5 * StrictMath.log(2 * Math.PI * x)
                + 1 / (12 * x) - 1 / (360 * x * x2) + 1 / (1260 * x * x2 * x2);
    }

    /** {@code ln C(n, k) + k ln p + (n-k) ln(1-p)}: the log binomial probability of k. */
    static double binomialLogPmf(long n, long k, double p) {
        return of(n) - of(k) - of(n - k) + k * StrictMath.log(p) + (n - k) * StrictMath.log1p(-p);
    }

    private LogFactorial() {
    }
}
