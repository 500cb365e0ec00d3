package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * The count-based bootstrap has no published reference (its values depend on the generator), so
 * it is checked against what it must equal in distribution: a textbook paired bootstrap that
 * resamples items one by one (written here independently), and the normal approximation of
 * the paired difference, {@code se = sqrt(((b + c)/n - d^2) / n)} with {@code d = (c - b)/n}.
 */
class PairedBootstrapTest {
    // 1034 Spider items: 30 both right, 6 base only, 45 model only, 953 both wrong (36/1034 -> 75/1034).
    private static final PairCounts SPIDER = new PairCounts(30, 6, 45, 953);

    @Test
    void sameSeedSameInterval() {
        assertEquals(PairedBootstrap.differenceInterval(SPIDER), PairedBootstrap.differenceInterval(SPIDER));
        Interval other = PairedBootstrap.differenceInterval(SPIDER, 10_000, 7);
        assertTrue(Math.abs(other.low() - PairedBootstrap.differenceInterval(SPIDER).low()) < 0.005);
    }

    @Test
    void agreesWithAnItemByItemBootstrap() {
        Interval fast = PairedBootstrap.differenceInterval(SPIDER, 20_000, 1);
        Interval naive = itemByItem(SPIDER, 20_000, 2);
        // The differences move in steps of 1/1034 (0.1 points); the two agree within two steps.
        assertEquals(naive.low(), fast.low(), 2.0 / 1034);
        assertEquals(naive.high(), fast.high(), 2.0 / 1034);
    }

    @Test
    void agreesWithTheNormalApproximation() {
        double n = SPIDER.paired();
        double d = SPIDER.difference();
        double se = Math.sqrt(((SPIDER.baseOnly() + SPIDER.modelOnly()) / n - d * d) / n);
        Interval interval = PairedBootstrap.differenceInterval(SPIDER);
        assertEquals(d - 1.96 * se, interval.low(), 0.003);
        assertEquals(d + 1.96 * se, interval.high(), 0.003);
        assertEquals(39.0 / 1034, d, 1e-15);
    }

    @Test
    void degenerateTables() {
        assertEquals(Interval.UNDEFINED.toString(), PairedBootstrap.differenceInterval(PairCounts.EMPTY).toString());
        assertEquals(new Interval(0, 0), PairedBootstrap.differenceInterval(new PairCounts(5, 0, 0, 5)));
        assertEquals(new Interval(1, 1), PairedBootstrap.differenceInterval(new PairCounts(0, 0, 7, 0)));
        assertEquals(new Interval(-1, -1), PairedBootstrap.differenceInterval(new PairCounts(0, 7, 0, 0)));
    }

    @Test
    void fastEnoughForLiveUpdates() {
        PairCounts big = new PairCounts(40_000, 20_000, 25_000, 15_000);
        long start = System.nanoTime();
        PairedBootstrap.differenceInterval(big);
        long millis = (System.nanoTime() - start) / 1_000_000;
        assertTrue(millis < 2_000, "10,000 resamples of 100,000 pairs took " + millis + " ms");
    }

    private static Interval itemByItem(PairCounts pairs, int resamples, long seed) {
        int n = (int) pairs.paired();
        int[] diffs = new int[n]; // +1 model only, -1 base only, 0 concordant
        int i = 0;
        for (long j = 0; j < pairs.baseOnly(); j++) {
            diffs[i++] = -1;
        }
        for (long j = 0; j < pairs.modelOnly(); j++) {
            diffs[i++] = 1;
        }
        SplittableRandom random = new SplittableRandom(seed);
        double[] stats = new double[resamples];
        for (int r = 0; r < resamples; r++) {
            int sum = 0;
            for (int k = 0; k < n; k++) {
                sum += diffs[random.nextInt(n)];
            }
            stats[r] = (double) sum / n;
        }
        Arrays.sort(stats);
        return new Interval(stats[(int) Math.ceil(0.025 * resamples) - 1], stats[(int) Math.ceil(0.975 * resamples) - 1]);
    }
}
