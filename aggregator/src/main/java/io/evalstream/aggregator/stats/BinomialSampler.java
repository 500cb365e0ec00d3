package io.evalstream.aggregator.stats;

import java.util.SplittableRandom;

/**
 * Exact Binomial(n, p) draws by inversion, searching outwards from the mode ("chop-down"
 * search), so one draw costs about one standard deviation of steps instead of n. The mode's
 * probability, the only term that needs logarithms, is computed once per sampler. Each draw
 * consumes exactly one {@link SplittableRandom#nextDouble()}, which makes a seeded sequence
 * reproducible.
 */
final class BinomialSampler {
    private final long n;
    private final double p;      // the smaller of p and 1-p; draws are mirrored when flipped
    private final boolean flipped;
    private final double odds;   // p / (1 - p)
    private final long mode;
    private final double modePmf;

    BinomialSampler(long n, double probability) {
        if (n < 0 || !(probability >= 0 && probability <= 1)) {
            throw new IllegalArgumentException("need n >= 0 and 0 <= p <= 1, got n=" + n + " p=" + probability);
        }
        this.n = n;
        this.flipped = probability > 0.5;
        this.p = flipped ? 1 - probability : probability;
        this.odds = p / (1 - p);
        this.mode = (long) Math.floor((n + 1) * p);
        this.modePmf = p == 0 ? 1 : StrictMath.exp(LogFactorial.binomialLogPmf(n, Math.min(mode, n), p));
    }

    static long sample(long n, double p, SplittableRandom random) {
        return new BinomialSampler(n, p).sample(random);
    }

    long sample(SplittableRandom random) {
        double u = random.nextDouble();
        long x = p == 0 ? 0 : search(u);
        return flipped ? n - x : x;
    }

    private long search(double u) {
        u -= modePmf;
        if (u <= 0) {
            return mode;
        }
        long down = mode;
        long up = mode;
        double downPmf = modePmf;
        double upPmf = modePmf;
        while (down > 0 || up < n) {
            if (up < n) {
                upPmf *= odds * (n - up) / (up + 1);
                up++;
                u -= upPmf;
                if (u <= 0) {
                    return up;
                }
            }
            if (down > 0) {
                downPmf *= down / (odds * (n - down + 1));
                down--;
                u -= downPmf;
                if (u <= 0) {
                    return down;
                }
            }
        }
        return mode; // only reached when rounding left u a hair above the total mass
    }
}
