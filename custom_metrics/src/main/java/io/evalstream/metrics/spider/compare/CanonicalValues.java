package io.evalstream.metrics.spider.compare;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * Gives SQLite values the equality Python gives them in the official evaluator: there
 * {@code 1 == 1.0} and {@code -0.0 == 0}, while {@code 1 != '1'}. An integral double becomes a
 * Long, so equals and hashCode agree with that. With a float tolerance, every number becomes
 * its index on a grid of that step ({@link Quantized}), so 0.1 + 0.2 and 0.3 meet.
 */
public final class CanonicalValues {
    private static final double LONG_RANGE = 9.223372036854775807E18; // 2^63

    private final Double tolerance;

    /** @param tolerance null for exact comparison, else the absolute step two numbers may differ by */
    public CanonicalValues(Double tolerance) {
        if (tolerance != null && !(tolerance > 0)) {
            throw new IllegalArgumentException("float tolerance must be positive, got " + tolerance);
        }
        this.tolerance = tolerance;
    }

    /** A number on the tolerance grid: equal steps compare equal. */
    public record Quantized(long step) {
    }

    public Object canonical(Object value) {
        if (value instanceof Number number && tolerance != null) {
            return new Quantized(Math.round(number.doubleValue() / tolerance));
        }
        if (value instanceof Double d && d == Math.rint(d) && d >= -LONG_RANGE && d < LONG_RANGE) {
            return d.longValue(); // exact: an integral double in this range is a long, and Python compares int and float exactly
        }
        if (value instanceof Integer i) {
            return i.longValue();
        }
        return value;
    }

    public List<List<Object>> canonicalRows(List<List<Object>> rows) {
        List<List<Object>> out = new ArrayList<>(rows.size());
        for (List<Object> row : rows) {
            out.add(canonicalRow(row));
        }
        return out;
    }

    public List<Object> canonicalRow(List<Object> row) {
        Object[] values = new Object[row.size()];
        for (int i = 0; i < values.length; i++) {
            values[i] = canonical(row.get(i));
        }
        return Collections.unmodifiableList(Arrays.asList(values));
    }
}
