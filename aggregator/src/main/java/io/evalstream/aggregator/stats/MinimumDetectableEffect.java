package io.evalstream.aggregator.stats;

/**
 * Minimum detectable effect (MDE): the smallest true change that a comparison of this size would
 * find significant with the given power, the power analysis of Miller (2024), "Adding Error Bars
 * to Evals", arXiv 2411.00640, solved for the effect instead of for n, and the "MDE = multiplier
 * times SE" of Bloom (1995), "Minimum Detectable Effects", Evaluation Review 19(5):547-556:
 * <pre>
 *   MDE = (z_{1 - alpha/2} + z_{power}) * SE(estimated change)
 * </pre>
 * (a true change of MDE puts the estimate's mean z_{power} standard errors beyond the critical
 * value; the far tail's chance of crossing the other critical value is ignored, as is usual).
 * At alpha = 0.05 and 80% power the multiplier is 1.95996 + 0.84162 = 2.80.
 *
 * <p>The SE depends on the design:
 * <ul>
 *   <li>paired (two models on the same n items): {@code SE = sd(d) / sqrt(n)} with d the per-item
 *       difference in {-1, 0, 1}; from the b base-only and c model-only discordant pairs,
 *       {@code sd(d)^2 = ((b + c) - (c - b)^2 / n) / (n - 1)} (numpy's {@code std(d, ddof=1)}).
 *       Discordance is what a paired comparison pays for: with none observed, the SE is 0
 *       and so is the MDE, which says only that no disagreement has been seen yet;</li>
 *   <li>one accuracy against a fixed value: {@code SE = sqrt(p(1-p)/n)};</li>
 *   <li>unpaired (two accuracies on independent items, or pairing ignored):
 *       {@code SE = sqrt(p1(1-p1)/n1 + p2(1-p2)/n2)};</li>
 *   <li>any other SE, e.g. a clustered one from {@link ClusteredStandardError}.</li>
 * </ul>
 */
public final class MinimumDetectableEffect {
    public static final double DEFAULT_ALPHA = 0.05;
    public static final double DEFAULT_POWER = 0.80;

    /** {@code z_{1-alpha/2} + z_{power}}: 2.8016 at alpha = 0.05 and 80% power. */
    public static double multiplier(double alpha, double power) {
        if (!(alpha > 0 && alpha < 1) || !(power > 0 && power < 1)) {
            throw new IllegalArgumentException("need 0 < alpha < 1 and 0 < power < 1, got alpha=" + alpha
                    + " power=" + power);
        }
        return NormalQuantile.of(1 - alpha / 2) + NormalQuantile.of(power);
    }

    public static DetectableEffect fromStandardError(double standardError, long n, double alpha, double power) {
        if (standardError < 0) {
            throw new IllegalArgumentException("a standard error cannot be negative: " + standardError);
        }
        return new DetectableEffect(n, alpha, power, standardError, multiplier(alpha, power) * standardError);
    }

    /** Paired comparison from the observed discordant pairs; NaN below 2 paired items. */
    public static DetectableEffect paired(PairCounts pairs, double alpha, double power) {
        long n = pairs.paired();
        double discordant = pairs.baseOnly() + pairs.modelOnly();
        double net = pairs.modelOnly() - pairs.baseOnly();
        double variance = n < 2 ? Double.NaN : (discordant - net * net / n) / (n - 1);
        return fromStandardDeviation(Math.sqrt(variance), n, alpha, power);
    }

    public static DetectableEffect paired(PairCounts pairs) {
        return paired(pairs, DEFAULT_ALPHA, DEFAULT_POWER);
    }

    /** Paired comparison from the standard deviation of the per-item differences. */
    public static DetectableEffect fromStandardDeviation(double sd, long n, double alpha, double power) {
        return fromStandardError(n == 0 ? Double.NaN : sd / Math.sqrt(n), n, alpha, power);
    }

    /** One accuracy of {@code correct/n} against a fixed reference value. */
    public static DetectableEffect singleAccuracy(long correct, long n, double alpha, double power) {
        return fromStandardError(Bernoulli.stdError(correct, n), n, alpha, power);
    }

    /** Two accuracies on independent item sets; n of the result is the smaller of the two. */
    public static DetectableEffect unpaired(long correctA, long nA, long correctB, long nB, double alpha,
            double power) {
        double seA = Bernoulli.stdError(correctA, nA);
        double seB = Bernoulli.stdError(correctB, nB);
        return fromStandardError(Math.sqrt(seA * seA + seB * seB), Math.min(nA, nB), alpha, power);
    }

    private MinimumDetectableEffect() {
    }
}
