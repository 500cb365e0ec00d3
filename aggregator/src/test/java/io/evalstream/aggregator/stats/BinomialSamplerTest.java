package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Draws match Binomial(n, p): mean np and variance np(1-p) within Monte Carlo error, and stay in [0, n]. */
class BinomialSamplerTest {

    @ParameterizedTest
    @CsvSource({"1034, 0.0348", "1034, 0.5", "150, 0.9", "20, 0.01", "1000000, 0.3", "1, 0.5"})
    void momentsMatch(long n, double p) {
        SplittableRandom random = new SplittableRandom(42);
        int draws = 200_000;
        double sum = 0;
        double squares = 0;
        for (int i = 0; i < draws; i++) {
            long x = BinomialSampler.sample(n, p, random);
            assertTrue(x >= 0 && x <= n);
            sum += x;
            squares += (double) x * x;
        }
        double mean = sum / draws;
        double variance = squares / draws - mean * mean;
        double expectedVariance = n * p * (1 - p);
        // 5 standard errors of the sample mean; variance within 3%
        assertEquals(n * p, mean, 5 * Math.sqrt(expectedVariance / draws));
        assertEquals(expectedVariance, variance, 0.03 * expectedVariance);
    }
}
