package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Anytime-valid confidence sequences. Waudby-Smith &amp; Ramdas (2020) publish their sequences as
 * figures, not tables, so the reference is an independent computation of the same definition in
 * aggregator/src/test/python/report_stats_reference.py: the prior over posterior ratio with
 * scipy's beta-binomial and Dirichlet-multinomial posteriors (the Java code uses the equivalent
 * mixture-over-likelihood form), by brute force over every parameter value. The bounds are counts
 * over N, so they must agree exactly. The guarantee itself is checked by simulation.
 */
class ConfidenceSequenceTest {
    private static final double ALPHA = 0.05;

    @ParameterizedTest
    @CsvSource({
            "150, 0, 0, 0, 150",
            "150, 1, 1, 4, 150",
            "150, 10, 4, 13, 119",
            "150, 75, 36, 53, 91",
            "150, 149, 72, 72, 73",
            "150, 150, 72, 72, 72",
            "1034, 100, 3, 3, 129",
            "1034, 517, 18, 20, 64",
            "1034, 1034, 36, 36, 36",
            "14042, 7000, 4100, 7996, 8450",
            "20, 20, 0, 0, 0",
    })
    void accuracyMatchesTheReference(long population, long observed, long correct, long low, long high) {
        Interval interval = ConfidenceSequence.accuracy(population, observed, correct, ALPHA);
        assertEquals((double) low / population, interval.low(), 0);
        assertEquals((double) high / population, interval.high(), 0);
    }

    @ParameterizedTest
    @CsvSource({
            "60, 0, 0, 0, 0, -60, 60",
            "60, 10, 2, 5, 13, -9, 22",
            "150, 30, 6, 4, 35, -26, 17",
            "150, 60, 12, 9, 69, -3, -3",
            "150, 20, 1, 9, 20, -6, 57",
            "300, 40, 9, 21, 80, -9, 58",
    })
    void differenceMatchesTheReference(long population, long both, long baseOnly, long modelOnly, long neither,
            long low, long high) {
        Interval interval = ConfidenceSequence.difference(population,
                new PairCounts(both, baseOnly, modelOnly, neither), ALPHA);
        assertEquals((double) low / population, interval.low(), 0);
        assertEquals((double) high / population, interval.high(), 0);
    }

    /**
     * Early in a run the price of looking at every moment makes it wider than the fixed-n Wilson
     * interval; once every item is scored there is nothing left to be unsure about.
     */
    @Test
    void widerThanWilsonEarlyAndThePointValueAtTheEnd() {
        for (int[] suite : new int[][] {{150, 72}, {150, 5}, {1034, 36}, {1034, 950}}) {
            int n = suite[0];
            boolean[] order = shuffledPopulation(n, suite[1], new SplittableRandom(n + suite[1]));
            int correct = 0;
            for (int t = 1; t <= n; t++) {
                correct += order[t - 1] ? 1 : 0;
                Interval cs = ConfidenceSequence.accuracy(n, t, correct, ALPHA);
                assertTrue(cs.contains((double) correct / t), "contains the point estimate at t=" + t);
                if (2 * t <= n) {
                    Interval wilson = Wilson.interval95(correct, t);
                    assertTrue(cs.high() - cs.low() > wilson.high() - wilson.low(),
                            n + " items, " + correct + "/" + t + ": " + cs + " vs Wilson " + wilson);
                }
            }
            assertEquals(new Interval((double) suite[1] / n, (double) suite[1] / n),
                    ConfidenceSequence.accuracy(n, n, correct, ALPHA));
        }
    }

    /**
     * 2,000 random scoring orders of a fixed suite of 150 items, 72 right: the fraction of orders
     * in which the sequence ever excludes the true 0.48, at any of the 150 moments, stays below
     * alpha (plus three standard errors of a 2,000-run estimate). A fixed-n interval recomputed at
     * every moment fails far more often, which shows that the check has teeth.
     */
    @Test
    void coverageHoldsUniformlyOverTime() {
        int n = 150;
        int right = 72;
        double truth = (double) right / n;
        SplittableRandom random = new SplittableRandom(20_201_206L);
        int runs = 2_000;
        int sequenceMisses = 0;
        int wilsonMisses = 0;
        for (int run = 0; run < runs; run++) {
            boolean[] order = shuffledPopulation(n, right, random);
            boolean sequenceMissed = false;
            boolean wilsonMissed = false;
            int correct = 0;
            for (int t = 1; t <= n; t++) {
                correct += order[t - 1] ? 1 : 0;
                sequenceMissed |= !ConfidenceSequence.accuracy(n, t, correct, ALPHA).contains(truth);
                wilsonMissed |= !Wilson.interval95(correct, t).contains(truth);
            }
            sequenceMisses += sequenceMissed ? 1 : 0;
            wilsonMisses += wilsonMissed ? 1 : 0;
        }
        double slack = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / runs);
        assertTrue((double) sequenceMisses / runs <= ALPHA + slack, "missed in " + sequenceMisses + " of " + runs);
        assertTrue((double) wilsonMisses / runs > 2 * ALPHA, "Wilson missed in only " + wilsonMisses + " of " + runs);
    }

    /** The same for the paired difference: 500 orders of 150 pairs (12 base-only, 9 model-only). */
    @Test
    void differenceCoverageHoldsUniformlyOverTime() {
        int n = 150;
        int baseOnly = 12;
        int modelOnly = 9;
        double truth = (double) (modelOnly - baseOnly) / n;
        SplittableRandom random = new SplittableRandom(2020);
        int runs = 500;
        int misses = 0;
        for (int run = 0; run < runs; run++) {
            int[] kinds = new int[n]; // -1 base only, +1 model only, 0 concordant
            for (int i = 0; i < baseOnly; i++) {
                kinds[i] = -1;
            }
            for (int i = baseOnly; i < baseOnly + modelOnly; i++) {
                kinds[i] = 1;
            }
            shuffle(kinds, random);
            long b = 0;
            long c = 0;
            boolean missed = false;
            for (int t = 1; t <= n && !missed; t++) {
                b += kinds[t - 1] == -1 ? 1 : 0;
                c += kinds[t - 1] == 1 ? 1 : 0;
                PairCounts seen = new PairCounts(t - b - c, b, c, 0);
                missed = !ConfidenceSequence.difference(n, seen, ALPHA).contains(truth);
            }
            misses += missed ? 1 : 0;
        }
        double slack = 3 * Math.sqrt(ALPHA * (1 - ALPHA) / runs);
        assertTrue((double) misses / runs <= ALPHA + slack, "missed in " + misses + " of " + runs);
    }

    @Test
    void badCountsAreRefused() {
        assertThrows(IllegalArgumentException.class, () -> ConfidenceSequence.accuracy(10, 11, 3, ALPHA));
        assertThrows(IllegalArgumentException.class, () -> ConfidenceSequence.accuracy(10, 5, 6, ALPHA));
        assertThrows(IllegalArgumentException.class, () -> ConfidenceSequence.accuracy(10, 5, 3, 0));
        assertThrows(IllegalArgumentException.class,
                () -> ConfidenceSequence.difference(10, new PairCounts(5, 3, 3, 0), ALPHA));
    }

    private static boolean[] shuffledPopulation(int n, int right, SplittableRandom random) {
        int[] values = new int[n];
        for (int i = 0; i < right; i++) {
            values[i] = 1;
        }
        shuffle(values, random);
        boolean[] order = new boolean[n];
        for (int i = 0; i < n; i++) {
            order[i] = values[i] == 1;
        }
        return order;
    }

    private static void shuffle(int[] values, SplittableRandom random) { // Fisher-Yates
        for (int i = values.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int swap = values[i];
            values[i] = values[j];
            values[j] = swap;
        }
    }
}
