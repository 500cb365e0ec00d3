package io.evalstream.aggregator.stats;

import java.util.HashMap;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Paired bootstrap 95% interval of the accuracy difference (model minus base) over the items
 * both models answered, by the percentile method.
 *
 * <p>A paired resample draws n items with replacement and the difference is
 * {@code (c* - b*) / n}, where b* and c* count the drawn base-only and model-only pairs. The
 * drawn pair types are Multinomial(n; a, b, c, d / n), so instead of n draws per resample it
 * takes two exact binomial draws: {@code b* ~ Bin(n, b/n)}, then
 * {@code c* ~ Bin(n - b*, c/(n - b))}. The result is the same distribution as resampling items
 * one by one, and the cost no longer grows with n, so it is recomputed live on every update.
 *
 * <p>Determinism: the generator is {@code new SplittableRandom(seed)}, each resample consumes
 * exactly two {@code nextDouble()} values (b* first), and the bounds are the type-1 (inverse
 * empirical CDF) percentiles of the resampled differences: with the differences sorted
 * ascending, low = {@code d[ceil(0.025 B) - 1]} and high = {@code d[ceil(0.975 B) - 1]}
 * (B = 10,000: the 250th and the 9,750th).
 */
public final class PairedBootstrap {
    public static final int DEFAULT_RESAMPLES = 10_000;
    public static final long DEFAULT_SEED = 20_240_917L;

    /** Interval of the difference as a fraction (multiply by 100 for points); UNDEFINED when no item is paired. */
    public static Interval differenceInterval(PairCounts pairs, int resamples, long seed) {
        if (resamples < 1) {
            throw new IllegalArgumentException("resamples must be >= 1, got " + resamples);
        }
        long n = pairs.paired();
        if (n == 0) {
            return Interval.UNDEFINED;
        }
        long b = pairs.baseOnly();
        long c = pairs.modelOnly();
        if (n > Integer.MAX_VALUE / 2) {
            throw new IllegalArgumentException("too many paired items for the histogram: " + n);
        }
        // c* - b* lies in [-n, n]: a histogram replaces the sort.
        int[] histogram = new int[(int) (2 * n + 1)];
        SplittableRandom random = new SplittableRandom(seed);
        BinomialSampler baseOnlyDraw = new BinomialSampler(n, (double) b / n);
        double pModelGivenNotBase = n == b ? 0 : (double) c / (n - b);
        // c* is drawn from n - b* trials; b* takes few distinct values, so their samplers are kept.
        Map<Long, BinomialSampler> modelOnlyDraws = new HashMap<>();
        for (int r = 0; r < resamples; r++) {
            long bStar = baseOnlyDraw.sample(random);
            long cStar = modelOnlyDraws.computeIfAbsent(n - bStar, m -> new BinomialSampler(m, pModelGivenNotBase))
                    .sample(random);
            histogram[(int) (cStar - bStar + n)]++;
        }
        // ceil(0.025 B) and ceil(0.975 B) in integers: 0.975 has no exact binary form.
        long lowRank = ((long) resamples * 25 + 999) / 1000;
        long highRank = ((long) resamples * 975 + 999) / 1000;
        return new Interval(valueAtRank(histogram, lowRank, n), valueAtRank(histogram, highRank, n));
    }

    public static Interval differenceInterval(PairCounts pairs) {
        return differenceInterval(pairs, DEFAULT_RESAMPLES, DEFAULT_SEED);
    }

    private static double valueAtRank(int[] histogram, long rank, long n) {
        long seen = 0;
        for (int i = 0; i < histogram.length; i++) {
            seen += histogram[i];
            if (seen >= rank) {
                return (double) (i - n) / n;
            }
        }
        throw new IllegalStateException("rank " + rank + " beyond " + seen + " resamples");
    }

    private PairedBootstrap() {
    }
}
