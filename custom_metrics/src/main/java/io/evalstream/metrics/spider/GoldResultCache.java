package io.evalstream.metrics.spider;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.sql.QueryLimits;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Supplier;

/**
 * Gold results by (database file, gold SQL as executed, limits): every model is scored against the same gold
 * queries, so each runs once per run instead of once per model. Thread-safe; when several
 * threads ask for the same missing entry, one runs the query and the others wait for it.
 * A gold query that timed out is not kept (a busy machine should not make an item
 * unscorable for the rest of the run); other failures are kept, as they are deterministic.
 */
public final class GoldResultCache {
    private record Key(Path file, String goldSql, int maxRows, long maxBytes) {
    }

    private final ConcurrentHashMap<Key, CompletableFuture<GoldResult>> entries = new ConcurrentHashMap<>();
    private final LongAdder hits = new LongAdder();
    private final LongAdder misses = new LongAdder();

    public GoldResult get(Path file, String goldSql, QueryLimits limits, Supplier<GoldResult> run) {
        Key key = new Key(file, goldSql, limits.maxRows(), limits.maxBytes());
        CompletableFuture<GoldResult> mine = new CompletableFuture<>();
        CompletableFuture<GoldResult> existing = entries.putIfAbsent(key, mine);
        if (existing != null) {
            hits.increment();
            try {
                return existing.join();
            } catch (CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
        misses.increment();
        try {
            GoldResult result = run.get();
            mine.complete(result);
            if (!result.succeeded() && result.failureOutcome() == Outcome.TIMEOUT) {
                entries.remove(key, mine);
            }
            return result;
        } catch (RuntimeException e) {
            entries.remove(key, mine);
            mine.completeExceptionally(e);
            throw e;
        }
    }

    public long hits() {
        return hits.sum();
    }

    public long misses() {
        return misses.sum();
    }

    public int size() {
        return entries.size();
    }

    public void clear() {
        entries.clear();
    }

    @Override
    public String toString() {
        return "GoldResultCache[size=" + size() + ", hits=" + hits() + ", misses=" + misses() + "]";
    }
}
