package io.evalstream.aggregator.stats;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Locale;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Minimum detectable effects. References: Bloom (1995), "Minimum Detectable Effects", Evaluation
 * Review 19(5), Table 1 (the multipliers, to two decimals), and
 * aggregator/src/test/python/report_stats_reference.py (scipy's norm.ppf, numpy's std(ddof=1) of
 * the per-item differences).
 */
class MinimumDetectableEffectTest {
    // 150 MMLU questions, base 72 right, adapter 69: 12 base-only, 9 adapter-only, a 2-point loss.
    private static final PairCounts MMLU_150 = new PairCounts(60, 12, 9, 69);
    // 1034 Spider items, 36 -> 75 right.
    private static final PairCounts SPIDER = new PairCounts(30, 6, 45, 953);

    /**
     * Bloom's multipliers: two-tailed alpha = 0.05 with 80% / 90% power: 2.80 / 3.24; one-tailed
     * 0.05 (our two-sided 0.10): 2.49 / 2.93. Full digits from scipy.
     */
    @ParameterizedTest
    @CsvSource({
            "0.05, 0.8, 2.80, 2.8015852181129683",
            "0.05, 0.9, 3.24, 3.2415155500846544",
            "0.10, 0.8, 2.49, 2.4864748605243863",
            "0.10, 0.9, 2.93, 2.9264051924960723",
    })
    void multipliersOfBloom1995(double alpha, double power, String published, double scipy) {
        double multiplier = MinimumDetectableEffect.multiplier(alpha, power);
        assertEquals(published, String.format(Locale.ROOT, "%.2f", multiplier));
        assertEquals(scipy, multiplier, 1e-13 * scipy);
    }

    @ParameterizedTest
    @CsvSource({
            "30, 6, 45, 953, 0.006809565615646916, 0.019077578370566735",
            "60, 12, 9, 69, 0.030609030557628782, 0.08575380755102094",
            "5, 1, 0, 4, 0.09999999999999999, 0.2801585218112968",
    })
    void pairedFromDiscordance(long both, long baseOnly, long modelOnly, long neither, double se, double mde) {
        DetectableEffect effect = MinimumDetectableEffect.paired(new PairCounts(both, baseOnly, modelOnly, neither));
        assertEquals(se, effect.standardError(), 1e-12 * se);
        assertEquals(mde, effect.effect(), 1e-12 * mde);
        assertEquals(both + baseOnly + modelOnly + neither, effect.n());
    }

    @Test
    void singleAndUnpairedAccuracies() {
        assertEquals(0.11428270156920899, MinimumDetectableEffect.singleAccuracy(72, 150, 0.05, 0.8).effect(),
                1e-12 * 0.114);
        assertEquals(0.015971273623813936, MinimumDetectableEffect.singleAccuracy(36, 1034, 0.05, 0.8).effect(),
                1e-12 * 0.016);
        DetectableEffect unpaired = MinimumDetectableEffect.unpaired(72, 150, 69, 150, 0.05, 0.8);
        assertEquals(0.057619441163551735, unpaired.standardError(), 1e-12 * 0.0576);
        assertEquals(0.16142577463973642, unpaired.effect(), 1e-12 * 0.161);
    }

    /** The issue's own example: a 150-question MMLU suite cannot see a 2-point loss, and says so. */
    @Test
    void aTwoPointLossOn150QuestionsIsNotDetectable() {
        DetectableEffect effect = MinimumDetectableEffect.paired(MMLU_150);
        double loss = MMLU_150.difference();
        assertEquals(-0.02, loss, 1e-15);
        assertFalse(effect.canDetect(loss));
        assertEquals("A 2.0-point change is below the minimum detectable effect of 8.6 points (n = 150,"
                + " α = 0.05 two-sided, 80% power): this comparison cannot reliably detect it.", effect.describe(loss));
        assertFalse(MinimumDetectableEffect.singleAccuracy(72, 150, 0.05, 0.8).canDetect(loss));
    }

    @Test
    void spidersGainIsDetectable() {
        DetectableEffect effect = MinimumDetectableEffect.paired(SPIDER);
        assertTrue(effect.canDetect(SPIDER.difference()));
        assertEquals("A 3.8-point change is at or above the minimum detectable effect of 1.9 points (n = 1034,"
                + " α = 0.05 two-sided, 80% power): this comparison would detect it at least 80% of the time.",
                effect.describe(SPIDER.difference()));
        assertEquals(1.9077578370566735, effect.effectPoints(), 1e-10);
    }

    @Test
    void noDisagreementYetIsNotPrecision() {
        DetectableEffect effect = MinimumDetectableEffect.paired(new PairCounts(100, 0, 0, 50));
        assertEquals(0, effect.effect());
        assertFalse(effect.canDetect(0.5));
        assertTrue(effect.describe(0.02).contains("cannot be judged yet"), effect.describe(0.02));
        assertTrue(Double.isNaN(MinimumDetectableEffect.paired(PairCounts.EMPTY).effect()));
        assertFalse(MinimumDetectableEffect.paired(PairCounts.EMPTY).canDetect(1));
    }

    @Test
    void clusteredStandardErrorsFeedTheSameFormula() {
        DetectableEffect effect = MinimumDetectableEffect.fromStandardError(0.0969, 72, 0.05, 0.9);
        assertEquals(0.0969 * 3.2415155500846544, effect.effect(), 1e-13);
        assertThrows(IllegalArgumentException.class, () -> MinimumDetectableEffect.fromStandardError(-1, 1, 0.05, 0.8));
        assertThrows(IllegalArgumentException.class, () -> MinimumDetectableEffect.multiplier(0.05, 1));
    }
}
