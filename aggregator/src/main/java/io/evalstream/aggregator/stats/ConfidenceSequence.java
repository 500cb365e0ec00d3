package io.evalstream.aggregator.stats;

import java.util.function.LongToDoubleFunction;

/**
 * Anytime-valid confidence sequences for the live view: intervals that hold at every moment of a
 * run simultaneously, so someone who watches and stops early because a number looks bad does not
 * overclaim. Their target is the accuracy over all N items of the suite (a finite population),
 * learnt by scoring the items one by one without replacement.
 *
 * <p>Method: the prior-posterior-ratio (PPR) confidence sequence of Waudby-Smith &amp; Ramdas
 * (2020), "Confidence sequences for sampling without replacement", NeurIPS 2020 (arXiv
 * 2006.04347): its hypergeometric case with a beta-binomial prior, and its multivariate-
 * hypergeometric case with a Dirichlet-multinomial prior for more than two categories. For a parameter theta (here the count of
 * correct items among the N), the prior-to-posterior ratio at the true theta,
 * {@code R_t = pi_0(theta) / pi_t(theta) = m_t / L_t(theta)}, is a nonnegative martingale with
 * {@code R_0 = 1} (m_t is the prior-mixture probability of what was seen, L_t its probability under
 * theta), so by Ville's inequality {@code C_t = {theta : R_t(theta) < 1/alpha}} contains the truth
 * at all t at once with probability at least 1 - alpha. The sampling model is exact, so this
 * guarantee is exact, not asymptotic. Both pieces have closed forms in log-factorials:
 * <ul>
 *   <li>accuracy, {@code k} correct of {@code t} scored, theta = M correct among N, uniform prior
 *       (beta-binomial with a = b = 1): {@code L_t(M) = M_(k) (N-M)_(t-k) / N_(t)} with falling
 *       factorials {@code x_(j) = x!/(x-j)!}, and {@code m_t = k! (t-k)! / (t+1)!};</li>
 *   <li>paired difference (model minus base), the b base-only, c model-only and z concordant
 *       pairs among t as categories, theta = (B, C) base-only and model-only counts among N,
 *       uniform Dirichlet(1, 1, 1) prior: {@code L_t = B_(b) C_(c) (N-B-C)_(z) / N_(t)},
 *       {@code m_t = 2 b! c! z! / (t+2)!}; the interval is the range of {@code (C - B)/N} over
 *       the confidence set of (B, C), a projection, so it keeps the guarantee.</li>
 * </ul>
 * Each {@code log L_t} is concave in each count (a sum of logarithms of linear terms), so every
 * section of the set is an interval of integers found by binary search from the maximum.
 *
 * <p>Properties: with nothing scored the interval is [0, 1]; at t = N it is the observed value
 * itself. Early it is wider than the fixed-n Wilson interval (the price of looking at every t);
 * past roughly t = 0.6 N it is narrower, because Wilson ignores that few unscored items remain.
 * The guarantee assumes the items are scored in a uniformly random order: a suite streamed in
 * file order (Spider's dev set is grouped by database) needs a seeded shuffle for it to hold.
 * Depending on (t, counts) only, it fits the aggregator's counts; callers that keep history may
 * intersect the intervals over time, which keeps the guarantee.
 */
public final class ConfidenceSequence {
    /** The one-line explanation the live view shows beside the interval. */
    public static final String EXPLANATION = "Anytime-valid 95% interval for the accuracy over all items of the"
            + " suite: it holds at every moment of the run at once, so stopping early when a number looks"
            + " bad does not overclaim (Waudby-Smith & Ramdas 2020). Assumes items are scored in random order.";

    /** Accuracy over all {@code population} items after {@code correct} of {@code observed} were right. */
    public static Interval accuracy(long population, long observed, long correct, double alpha) {
        checkCounts(population, observed, alpha);
        if (correct < 0 || correct > observed) {
            throw new IllegalArgumentException("need 0 <= correct <= observed, got correct=" + correct
                    + " observed=" + observed);
        }
        long wrong = observed - correct;
        double threshold = LogFactorial.of(correct) + LogFactorial.of(wrong) - LogFactorial.of(observed + 1)
                - Math.log(1 / alpha);
        double logNt = LogFactorial.of(population) - LogFactorial.of(population - observed);
        LongToDoubleFunction logLikelihood = m -> fallingLog(m, correct) + fallingLog(population - m, wrong) - logNt;
        long[] range = superLevelSet(logLikelihood, correct, population - wrong, threshold);
        if (range == null) {
            throw new IllegalStateException("empty confidence set for " + correct + "/" + observed + " of "
                    + population + ": the likelihood's maximum cannot lie below the mixture");
        }
        return new Interval((double) range[0] / population, (double) range[1] / population);
    }

    /** Model minus base accuracy over all {@code population} items, from the pairs scored so far. */
    public static Interval difference(long population, PairCounts observed, double alpha) {
        long t = observed.paired();
        checkCounts(population, t, alpha);
        long b = observed.baseOnly();
        long c = observed.modelOnly();
        long z = observed.bothCorrect() + observed.bothWrong();
        double threshold = Math.log(2) + LogFactorial.of(b) + LogFactorial.of(c) + LogFactorial.of(z)
                - LogFactorial.of(t + 2) - Math.log(1 / alpha);
        double logNt = LogFactorial.of(population) - LogFactorial.of(population - t);
        long low = Long.MAX_VALUE;
        long high = Long.MIN_VALUE;
        // Scan the population's model-only count C; for each, the base-only counts B in the set form
        // an interval, whose ends give the extreme differences C - B.
        for (long modelOnlyTotal = c; modelOnlyTotal <= population - z - b; modelOnlyTotal++) {
            long cTotal = modelOnlyTotal;
            double modelTerm = fallingLog(cTotal, c) - logNt;
            LongToDoubleFunction logLikelihood =
                    bTotal -> modelTerm + fallingLog(bTotal, b) + fallingLog(population - bTotal - cTotal, z);
            long[] range = superLevelSet(logLikelihood, b, population - z - cTotal, threshold);
            if (range != null) {
                low = Math.min(low, cTotal - range[1]);
                high = Math.max(high, cTotal - range[0]);
            }
        }
        if (low > high) {
            throw new IllegalStateException("empty confidence set for " + observed + " of " + population
                    + ": the likelihood's maximum cannot lie below the mixture");
        }
        return new Interval((double) low / population, (double) high / population);
    }

    private static void checkCounts(long population, long observed, double alpha) {
        if (population < 1 || observed < 0 || observed > population) {
            throw new IllegalArgumentException("need 0 <= observed <= population and population >= 1, got observed="
                    + observed + " population=" + population);
        }
        if (!(alpha > 0 && alpha < 1)) {
            throw new IllegalArgumentException("need 0 < alpha < 1, got " + alpha);
        }
    }

    /** {@code ln(x!/(x-j)!)}, the log of the falling factorial; {@code x >= j}. */
    private static double fallingLog(long x, long j) {
        return LogFactorial.of(x) - LogFactorial.of(x - j);
    }

    /**
     * {@code [first, last]} of the integers in [lo, hi] where the concave {@code f} exceeds
     * {@code threshold}, or null when none does: the maximum by binary search on the sign of
     * {@code f(x+1) - f(x)}, then each edge by binary search on its monotone side.
     */
    private static long[] superLevelSet(LongToDoubleFunction f, long lo, long hi, double threshold) {
        long left = lo;
        long right = hi;
        while (left < right) {
            long mid = left + (right - left) / 2;
            if (f.applyAsDouble(mid + 1) > f.applyAsDouble(mid)) {
                left = mid + 1;
            } else {
                right = mid;
            }
        }
        long mode = left;
        if (!(f.applyAsDouble(mode) > threshold)) {
            return null;
        }
        long a = lo;  // smallest x in [lo, mode] above the threshold: f rises on this side
        long bound = mode;
        while (a < bound) {
            long mid = a + (bound - a) / 2;
            if (f.applyAsDouble(mid) > threshold) {
                bound = mid;
            } else {
                a = mid + 1;
            }
        }
        long first = a;
        a = mode;  // largest x in [mode, hi] above the threshold: f falls on this side
        bound = hi;
        while (a < bound) {
            long mid = a + (bound - a + 1) / 2;
            if (f.applyAsDouble(mid) > threshold) {
                a = mid;
            } else {
                bound = mid - 1;
            }
        }
        long last = a;
        return new long[] {first, last};
    }

    private ConfidenceSequence() {
    }
}
