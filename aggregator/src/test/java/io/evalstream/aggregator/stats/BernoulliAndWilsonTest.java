package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Reference values: aggregator/src/test/python/reference_values.py (plain Python, exact
 * fractions where possible) unless a row says otherwise.
 */
class BernoulliAndWilsonTest {

    /**
     * The two published examples print different forms: 72/150 as 0.480 ± 0.501 is the sample
     * std-dev (numpy std ddof=1 = 0.50127), 16/50 as 0.320 ± 0.466 is the population one
     * (ddof=0 = 0.46648). Values from reference_values.py (numpy.std formulas with Fraction).
     */
    @ParameterizedTest
    @CsvSource({
            "72, 150, 0.49959983987187184, 0.5012735458661617, 0.040792156108742275",
            "16, 50, 0.466476151587624, 0.4712120714991612, 0.06596969000988256",
            "36, 1034, 0.1833141469895317, 0.18340285454226268, 0.005700798790825832",
            "75, 1034, 0.25936979365384694, 0.2594953052961572, 0.008066016891337",
    })
    void stdDevsAndStandardError(long k, long n, double pop, double sample, double se) {
        assertEquals(pop, Bernoulli.stdDevPopulation(k, n), 1e-12);
        assertEquals(sample, Bernoulli.stdDevSample(k, n), 1e-12);
        assertEquals(se, Bernoulli.stdError(k, n), 1e-12);
    }

    @Test
    void publishedExamplesRoundAsPrinted() {
        assertEquals("0.480 ± 0.501", String.format(Locale.ROOT, "%.3f ± %.3f",
                Bernoulli.accuracy(72, 150), Bernoulli.stdDevSample(72, 150)));
        assertEquals("0.320 ± 0.466", String.format(Locale.ROOT, "%.3f ± %.3f",
                Bernoulli.accuracy(16, 50), Bernoulli.stdDevPopulation(16, 50)));
    }

    @Test
    void undefinedSpreadsAreNaN() {
        assertTrue(Double.isNaN(Bernoulli.accuracy(0, 0)));
        assertTrue(Double.isNaN(Bernoulli.stdDevSample(1, 1)));
        assertEquals(0, Bernoulli.stdDevPopulation(1, 1));
    }

    /**
     * Wilson 95%. First four rows: reference_values.py (the Wilson formula, z = norm.ppf(0.975)).
     * Last four rows: the published values of Newcombe (1998), "Two-sided confidence intervals
     * for the single proportion", Stat Med 17:857-872, Table II, method 3 (score, no continuity
     * correction), given there to 4 decimals.
     */
    @ParameterizedTest
    @CsvSource({
            "72, 150, 0.4015511788179087, 0.5594476309568144, 1e-12",
            "16, 50, 0.20758216260656845, 0.45810297308144077, 1e-12",
            "36, 1034, 0.02525328136895985, 0.047822869305222365, 1e-12",
            "75, 1034, 0.05825712648405659, 0.08997501197330005, 1e-12",
            "81, 263, 0.2553, 0.3662, 5e-5",
            "15, 148, 0.0624, 0.1605, 5e-5",
            "0, 20, 0.0, 0.1611, 5e-5",
            "1, 29, 0.0061, 0.1718, 5e-5",
    })
    void wilsonInterval(long k, long n, double low, double high, double tolerance) {
        Interval interval = Wilson.interval95(k, n);
        assertEquals(low, interval.low(), tolerance);
        assertEquals(high, interval.high(), tolerance);
    }

    @Test
    void wilsonWithoutDataExcludesNothing() {
        assertEquals(new Interval(0, 1), Wilson.interval95(0, 0));
    }
}
