package io.evalstream.aggregator.report;

import java.util.Locale;

/**
 * How the report writes its numbers, the same in HTML, Markdown and the charts: accuracies as
 * percentages with two decimals, differences as signed points with two decimals, relative changes
 * as signed percentages with one decimal, p-values with four decimals (scientific below 1e-4).
 * An undefined number (NaN, null) is a dash.
 */
public final class ReportNumbers {
    public static final String NONE = "–";

    /** A fraction as a percentage: 0.0725 is "7.25%". */
    public static String percent(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f%%", 100 * fraction) : NONE;
    }

    /** Signed percentage points with two decimals: "+3.77". */
    public static String points(double points) {
        return Double.isFinite(points) ? String.format(Locale.ROOT, "%+.2f", points) : NONE;
    }

    /** An interval in points: "[+1.20, +6.30]". */
    public static String pointsInterval(double low, double high) {
        return Double.isFinite(low) && Double.isFinite(high) ? "[" + points(low) + ", " + points(high) + "]" : NONE;
    }

    /** A relative change given in percent: "+108.3%". */
    public static String relativePercent(Double percent) {
        return percent != null && Double.isFinite(percent) ? String.format(Locale.ROOT, "%+.1f%%", percent) : NONE;
    }

    /** A fraction with three decimals, as the result table prints accuracies and spreads: "0.480". */
    public static String fraction(double x) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%.3f", x) : NONE;
    }

    /** A fraction interval with three decimals: "[0.401, 0.560]". */
    public static String fractionInterval(double low, double high) {
        return Double.isFinite(low) && Double.isFinite(high) ? "[" + fraction(low) + ", " + fraction(high) + "]" : NONE;
    }

    /** A standard error or other small fraction in points with two decimals: 0.0123 is "1.23". */
    public static String asPoints(double fraction) {
        return Double.isFinite(fraction) ? String.format(Locale.ROOT, "%.2f", 100 * fraction) : NONE;
    }

    public static String pValue(double p) {
        if (!Double.isFinite(p)) {
            return NONE;
        }
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    /** A plain decimal with the given digits, for figures such as a design effect: "1.84". */
    public static String decimal(double x, int digits) {
        return Double.isFinite(x) ? String.format(Locale.ROOT, "%." + digits + "f", x) : NONE;
    }

    private ReportNumbers() {
    }
}
