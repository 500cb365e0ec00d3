package io.evalstream.metrics.spider.compare;

import java.util.Locale;

/**
 * How a predicted result set is compared with the gold one. See custom_metrics/README.md for
 * an example where each pair of modes disagrees.
 */
public enum ComparisonMode {
    /**
     * The official evaluator's verdicts (test-suite-sql-eval): its rewrites of both queries
     * (DISTINCT removed, only the first statement kept, "value" replaced by 1, ...) and its
     * {@code result_eq}: rows as a multiset, column order ignored, row order respected only when
     * the gold SQL contains "order by", with its quick rejection by Python's sort key.
     */
    OFFICIAL,
    /** The SQL as written, compared as {@code result_eq} would without its quirks: EvalStream's own, stricter semantics. */
    STRICT,
    /** Rows as a multiset (duplicates count), columns in order, row order ignored. */
    BAG,
    /** Python's {@code set(pred) == set(gold)} over row tuples: duplicates and row order ignored, columns in order. */
    SET;

    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    public static ComparisonMode fromLabel(String label) {
        for (ComparisonMode mode : values()) {
            if (mode.label().equalsIgnoreCase(label.trim())) {
                return mode;
            }
        }
        throw new IllegalArgumentException("unknown comparison mode '" + label + "': use official, strict, bag or set");
    }
}
