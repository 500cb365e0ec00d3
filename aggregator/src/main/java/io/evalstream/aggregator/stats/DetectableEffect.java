package io.evalstream.aggregator.stats;

import java.math.BigDecimal;
import java.util.Locale;

/**
 * The smallest true change a comparison of {@code n} items would detect with probability
 * {@code power} by a two-sided test at level {@code alpha}. See {@link MinimumDetectableEffect}.
 *
 * @param n             items the comparison rests on (paired items, or items of the one accuracy)
 * @param alpha         two-sided significance level
 * @param power         probability of detecting a true change of size {@code effect}
 * @param standardError standard error of the estimated change, a fraction
 * @param effect        the minimum detectable effect, a fraction (NaN when the SE is undefined)
 */
public record DetectableEffect(long n, double alpha, double power, double standardError, double effect) {

    public double effectPoints() {
        return 100 * effect;
    }

    /**
     * Whether a true change of this size (a fraction, either sign) is at or above the MDE; false
     * while the spread is unknown (no item, or no discordant pair: an SE of 0 is no evidence of
     * precision, only of too little data).
     */
    public boolean canDetect(double change) {
        return isKnown() && Math.abs(change) >= effect;
    }

    private boolean isKnown() {
        return standardError > 0;
    }

    /**
     * One sentence for the report, e.g. for a 2-point loss on 150 paired MMLU questions with 21
     * discordant: "A 2.0-point change is below the minimum detectable effect of 8.6 points
     * (n = 150, α = 0.05 two-sided, 80% power): this comparison cannot reliably detect it."
     */
    public String describe(double change) {
        String size = String.format(Locale.ROOT, "A %.1f-point change", 100 * Math.abs(change));
        if (!isKnown()) {
            return size + " cannot be judged yet: the comparison shows no spread to measure (n = " + n
                    + ", no disagreement observed).";
        }
        String percentPower = decimal(power).movePointRight(2).stripTrailingZeros().toPlainString() + "%";
        String conditions = String.format(Locale.ROOT, "(n = %d, α = %s two-sided, %s power)",
                n, decimal(alpha).stripTrailingZeros().toPlainString(), percentPower);
        String mde = String.format(Locale.ROOT, "the minimum detectable effect of %.1f points ", effectPoints());
        return canDetect(change)
                ? size + " is at or above " + mde + conditions + ": this comparison would detect it at least "
                        + percentPower + " of the time."
                : size + " is below " + mde + conditions + ": this comparison cannot reliably detect it.";
    }

    private static BigDecimal decimal(double x) {
        return BigDecimal.valueOf(x); // the shortest decimal that reads back as x: 0.05, not 0.05000000000000000277
    }
}
