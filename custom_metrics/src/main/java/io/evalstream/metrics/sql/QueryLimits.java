package io.evalstream.metrics.sql;

import java.time.Duration;

/**
 * What one untrusted query may cost.
 *
 * @param timeout  wall-clock limit on the whole query, compiling, stepping and fetching included
 * @param maxRows  the most rows fetched; more is TOO_MANY_ROWS
 * @param maxBytes the most bytes of values fetched (an estimate of their heap size); more is TOO_LARGE
 */
public record QueryLimits(Duration timeout, int maxRows, long maxBytes) {
    public QueryLimits {
        if (timeout == null || timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
    }
}
