package io.evalstream.aggregator.stats;

/**
 * Quantiles of the standard normal distribution ({@code scipy.stats.norm.ppf}), for the
 * significance and power levels of the minimum detectable effect.
 *
 * <p>It solves {@code Q(x) = q} for the upper tail {@code Q = 1 - Phi} and the smaller tail
 * {@code q = min(p, 1 - p)}, which is exact in floating point for p in [1/2, 1] (Sterbenz), so
 * levels such as 0.975 lose nothing to the subtraction. Q is computed to about 1e-15 relative:
 * below x = 1.5 as {@code 1/2 - phi(x) * sum x^(2j+1) / (2j+1)!!} (positive terms, little
 * cancellation), above it by Laplace's continued fraction
 * {@code Q(x) = phi(x) / (x + 1/(x + 2/(x + 3/(x + ...))))}, evaluated backwards from 300 terms
 * (at x = 1.5, 200 already reach double precision). Newton's method runs on {@code ln Q}, which
 * is concave, so from x = 0 it lands past the root once and then closes in from above.
 */
public final class NormalQuantile {
    /** Beyond this distance from 0 or 1 a quantile is no significance or power level. */
    private static final double SMALLEST_TAIL = 1e-12;
    private static final double INV_SQRT_2PI = 0.3989422804014327;
    private static final double SERIES_BELOW = 1.5;
    private static final int FRACTION_TERMS = 300;

    /** The x with {@code P(Z <= x) = p}, for {@code 1e-12 <= p <= 1 - 1e-12}. */
    public static double of(double p) {
        if (!(p >= SMALLEST_TAIL && p <= 1 - SMALLEST_TAIL)) {
            throw new IllegalArgumentException("normal quantile level must lie in [1e-12, 1 - 1e-12], got " + p);
        }
        double tail = p < 0.5 ? p : 1 - p;
        if (tail == 0.5) {
            return 0;
        }
        double logTail = Math.log(tail);
        double x = 0;
        for (int iteration = 0; iteration < 100; iteration++) {
            double q = upperTail(x);
            double step = (Math.log(q) - logTail) * q / density(x);
            x += step;
            if (Math.abs(step) <= 1e-15 * Math.max(1, x)) {
                break;
            }
        }
        return p < 0.5 ? -x : x;
    }

    /** {@code Q(x) = P(Z > x)} for x &gt;= 0. */
    static double upperTail(double x) {
        if (x < SERIES_BELOW) {
            double term = x;
            double sum = x;
            double x2 = x * x;
            for (int j = 1; term > sum * 1e-17; j++) {
                term *= x2 / (2 * j + 1);
                sum += term;
            }
            return 0.5 - density(x) * sum;
        }
        double denominator = x;
        for (int k = FRACTION_TERMS; k >= 1; k--) {
            denominator = x + k / denominator;
        }
        return density(x) / denominator;
    }

    private static double density(double x) {
        return INV_SQRT_2PI * StrictMath.exp(-0.5 * x * x);
    }

    private NormalQuantile() {
    }
}
