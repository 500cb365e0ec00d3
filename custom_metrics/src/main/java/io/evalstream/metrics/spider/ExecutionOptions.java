package io.evalstream.metrics.spider;

import io.evalstream.metrics.spider.compare.ComparisonMode;
import io.evalstream.metrics.sql.QueryLimits;
import java.time.Duration;
import java.util.Objects;

/**
 * How ExecutionAccuracy runs and compares queries.
 *
 * @param mode           how result sets are compared; official by default
 * @param timeout        per-query time limit; the query is interrupted inside SQLite when it passes
 * @param maxRows        the most rows fetched from one query; more is TOO_MANY_ROWS (or an unscorable gold)
 * @param maxBytes       the most bytes of values fetched from one query (a heap estimate); more is TOO_LARGE
 * @param floatTolerance null for exact comparison (as the official evaluator), else an absolute step
 * @param goldCache      gold results shared between metric instances and threads; null to run gold every time
 */
public record ExecutionOptions(ComparisonMode mode, Duration timeout, int maxRows, long maxBytes, Double floatTolerance,
                               GoldResultCache goldCache) {
    public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(10);
    /** Far above any Spider dev gold result (the largest has a few thousand rows), small enough to bound memory. */
    public static final int DEFAULT_MAX_ROWS = 100_000;
    /** 32 MiB: about 100 times the largest dev gold result, and what bounds the heap a query can take. */
    public static final long DEFAULT_MAX_BYTES = 32L << 20;

    public ExecutionOptions {
        Objects.requireNonNull(mode, "mode");
        Objects.requireNonNull(timeout, "timeout");
        if (timeout.isNegative() || timeout.isZero()) {
            throw new IllegalArgumentException("timeout must be positive, got " + timeout);
        }
        if (maxRows < 1) {
            throw new IllegalArgumentException("maxRows must be at least 1, got " + maxRows);
        }
        if (maxBytes < 1) {
            throw new IllegalArgumentException("maxBytes must be at least 1, got " + maxBytes);
        }
        if (floatTolerance != null && !(floatTolerance > 0)) {
            throw new IllegalArgumentException("floatTolerance must be positive or null, got " + floatTolerance);
        }
    }

    /** Official comparison, 10 s, 100 000 rows, 32 MiB, no tolerance, a fresh gold cache. */
    public static ExecutionOptions defaults() {
        return new ExecutionOptions(ComparisonMode.OFFICIAL, DEFAULT_TIMEOUT, DEFAULT_MAX_ROWS, DEFAULT_MAX_BYTES, null, new GoldResultCache());
    }

    public QueryLimits limits() {
        return new QueryLimits(timeout, maxRows, maxBytes);
    }

    public ExecutionOptions withMode(ComparisonMode newMode) {
        return new ExecutionOptions(newMode, timeout, maxRows, maxBytes, floatTolerance, goldCache);
    }

    public ExecutionOptions withTimeout(Duration newTimeout) {
        return new ExecutionOptions(mode, newTimeout, maxRows, maxBytes, floatTolerance, goldCache);
    }

    public ExecutionOptions withMaxRows(int newMaxRows) {
        return new ExecutionOptions(mode, timeout, newMaxRows, maxBytes, floatTolerance, goldCache);
    }

    public ExecutionOptions withMaxBytes(long newMaxBytes) {
        return new ExecutionOptions(mode, timeout, maxRows, newMaxBytes, floatTolerance, goldCache);
    }

    public ExecutionOptions withFloatTolerance(Double newTolerance) {
        return new ExecutionOptions(mode, timeout, maxRows, maxBytes, newTolerance, goldCache);
    }

    public ExecutionOptions withGoldCache(GoldResultCache newCache) {
        return new ExecutionOptions(mode, timeout, maxRows, maxBytes, floatTolerance, newCache);
    }
}
