package io.evalstream.metrics.spider.compare;

import java.util.Locale;

/**
 * How a predicted result set is compared with the gold one. See custom_metrics/README.md for
 * an example where each pair of modes disagrees.
 */
public enum ComparisonMode {
    /**
     * Spider's official test-suite-sql-eval {@code result_eq}: rows as a multiset, column order
     * ignored, row order respected only when the gold SQL contains "order by".
     */
    OFFICIAL,
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
        throw new IllegalArgumentException("unknown comparison mode '" + label + "': use official, bag or set");
    }
}
