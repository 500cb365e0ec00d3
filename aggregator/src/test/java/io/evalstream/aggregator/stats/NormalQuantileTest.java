package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Reference: scipy.stats.norm.ppf, printed by aggregator/src/test/python/report_stats_reference.py. */
class NormalQuantileTest {

    @ParameterizedTest
    @CsvSource({
            "0.5, 0.0",
            "0.8, 0.8416212335729143",
            "0.9, 1.2815515655446004",
            "0.95, 1.6448536269514722",
            "0.975, 1.959963984540054",
            "0.995, 2.5758293035489004",
            "0.999, 3.090232306167813",
            "0.025, -1.9599639845400545",
            "0.2, -0.8416212335729142",
            "1e-6, -4.753424308822899",
    })
    void matchesScipy(double p, double expected) {
        assertEquals(expected, NormalQuantile.of(p), 1e-14 * Math.max(1, Math.abs(expected)));
    }

    @Test
    void agreesWithWilsonsConstant() {
        assertEquals(Wilson.Z_95, NormalQuantile.of(0.975), 4e-16);
    }

    @Test
    void refusesLevelsOutsideTheOpenUnitInterval() {
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(0));
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(1));
        assertThrows(IllegalArgumentException.class, () -> NormalQuantile.of(Double.NaN));
    }
}
