package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Holm adjusted p-values. References: the worked example of Wikipedia's "Holm–Bonferroni
 * method" article, and statsmodels' {@code multipletests(method='holm')} formula in numpy
 * (aggregator/src/test/python/report_stats_reference.py).
 */
class HolmTest {

    /**
     * Wikipedia, "Holm–Bonferroni method", Example: four hypotheses with p = 0.01, 0.04, 0.03,
     * 0.005 at alpha = 0.05. H4 (0.005 &lt;= 0.05/4) and H1 (0.01 &lt;= 0.05/3) are rejected; H3
     * (0.03 &gt; 0.05/2) is not, and the procedure stops, so H2 is not either.
     */
    @Test
    void wikipediasWorkedExample() {
        Map<String, Double> family = new LinkedHashMap<>();
        family.put("H1", 0.01);
        family.put("H2", 0.04);
        family.put("H3", 0.03);
        family.put("H4", 0.005);
        List<HolmAdjusted<String>> result = Holm.family(family, 0.05);
        assertEquals(List.of("H1", "H2", "H3", "H4"), result.stream().map(HolmAdjusted::comparison).toList());
        assertEquals(List.of(true, false, false, true), result.stream().map(HolmAdjusted::survives).toList());
        // Adjusted: 4 x 0.005 = 0.02, 3 x 0.01 = 0.03, 2 x 0.03 = 0.06, max(1 x 0.04, 0.06) = 0.06.
        assertArrayEquals(new double[] {0.03, 0.06, 0.06, 0.02},
                result.stream().mapToDouble(HolmAdjusted::adjusted).toArray(), 1e-15);
        assertEquals(0.04, result.get(1).pValue());
    }

    /** Ten comparisons with a tie and values capped at 1; from report_stats_reference.py. */
    @Test
    void matchesStatsmodelsFormula() {
        double[] p = {0.0008, 0.03, 0.0118, 0.2, 0.5, 0.004, 0.04, 0.0118, 0.9, 0.0021};
        double[] expected = {0.008, 0.15, 0.08259999999999999, 0.6000000000000001, 1.0, 0.032, 0.16,
                0.08259999999999999, 1.0, 0.0189};
        double[] adjusted = Holm.adjust(p);
        for (int i = 0; i < p.length; i++) {
            assertEquals(expected[i], adjusted[i], 1e-12 * expected[i], "p[" + i + "]");
        }
        assertArrayEquals(new double[] {0.9, 0.9, 0.9}, Holm.adjust(new double[] {0.3, 0.6, 0.45}), 1e-15);
    }

    /** Holm's own definition, step by step, against the adjusted values on random families. */
    @Test
    void survivorsAreExactlyThoseTheStepDownRuleRejects() {
        SplittableRandom random = new SplittableRandom(13);
        for (int trial = 0; trial < 500; trial++) {
            int m = 1 + random.nextInt(12);
            double[] p = new double[m];
            for (int i = 0; i < m; i++) {
                p[i] = Math.pow(random.nextDouble(), 3); // many small ones, as in a real family
            }
            double[] adjusted = Holm.adjust(p);
            double[] sorted = p.clone();
            Arrays.sort(sorted);
            int rejected = 0;
            while (rejected < m && sorted[rejected] <= 0.05 / (m - rejected)) {
                rejected++;
            }
            long survivors = Arrays.stream(adjusted).filter(a -> a <= 0.05).count();
            assertEquals(rejected, survivors, "family " + Arrays.toString(p));
            for (int i = 0; i < m; i++) {
                assertTrue(adjusted[i] >= p[i] && adjusted[i] <= Math.min(1, m * p[i]));
                for (int j = 0; j < m; j++) {
                    assertTrue(p[i] > p[j] || adjusted[i] <= adjusted[j], "monotone");
                }
            }
        }
    }

    @Test
    void aMissingPValueIsNamed() {
        Map<String, Double> family = new LinkedHashMap<>();
        family.put("lora-r8 / STEM", 0.01);
        family.put("lora-r8 / humanities", Double.NaN);
        IllegalArgumentException error = assertThrows(IllegalArgumentException.class, () -> Holm.family(family, 0.05));
        assertTrue(error.getMessage().contains("lora-r8 / humanities"), error.getMessage());
        assertEquals(0, Holm.adjust(new double[0]).length);
    }
}
