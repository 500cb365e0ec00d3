package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Exact McNemar p-values. Reference: aggregator/src/test/python/reference_values.py, which sums
 * {@code C(n, j) / 2^n} with Python's exact integers (= statsmodels mcnemar(exact=True) =
 * scipy.stats.binomtest(min(b, c), b + c, 0.5)). The first row is also worked by hand:
 * n = 12, 2 * (C(12,0) + C(12,1) + C(12,2)) / 2^12 = 2 * 79 / 4096 = 0.03857421875.
 */
class McNemarTest {

    @ParameterizedTest
    @CsvSource({
            "10, 2, 0.03857421875",
            "2, 10, 0.03857421875",
            "5, 5, 1.0",
            "0, 0, 1.0",
            "0, 7, 0.015625",
            "12, 51, 7.459722282164658e-07",
            "400, 520, 8.549170923883778e-05",
            "3000, 3200, 0.011488253770871206",
    })
    void exactTwoSidedPValue(long baseOnly, long modelOnly, double expected) {
        assertEquals(expected, McNemar.exactPValue(baseOnly, modelOnly), expected * 1e-10);
    }
}
