package io.evalstream.generator.engine;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * Keys and values of shared prompt prefixes (the few-shot block, one database's schema block),
 * computed once per adapter and copied into the KV cache of every prompt that starts with the same
 * tokens. Least recently used entries are dropped beyond the capacity.
 */
public final class PrefixCache {

    /** A cached prefix: its tokens and a one-row KV cache holding their keys and values. */
    record Entry(String adapter, int[] tokens, KvCache kv) {
    }

    /** The longest usable prefix for a prompt: {@code length} tokens of {@code entry}. */
    record Match(Entry entry, int length) {
    }

    private final NDManager manager;
    private final int capacity;
    private final Map<String, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
    private long hits;
    private long reusedTokens;

    PrefixCache(NDManager manager, int capacity) {
        this.manager = manager;
        this.capacity = capacity;
    }

    public boolean enabled() {
        return capacity > 0;
    }

    private static String key(String adapter, int[] tokens) {
        return Objects.toString(adapter) + "|" + Arrays.hashCode(tokens) + "|" + tokens.length;
    }

    /** The entry of the same adapter sharing the most leading tokens with the prompt, leaving at least one token to compute. */
    synchronized Match lookup(String adapter, int[] prompt) {
        Match best = null;
        for (Entry e : entries.values()) {
            if (!Objects.equals(e.adapter(), adapter)) {
                continue;
            }
            int n = Math.min(e.tokens().length, prompt.length - 1);
            int common = 0;
            while (common < n && e.tokens()[common] == prompt[common]) {
                common++;
            }
            if (common > 0 && (best == null || common > best.length())) {
                best = new Match(e, common);
            }
        }
        if (best != null) {
            entries.get(key(adapter, best.entry().tokens())); // touch for LRU order
            hits++;
            reusedTokens += best.length();
        }
        return best;
    }

    synchronized boolean contains(String adapter, int[] prefix) {
        return entries.containsKey(key(adapter, prefix));
    }

    /** Stores positions [0, prefix.length) of {@code row} of {@code source} as the prefix's KV. */
    synchronized void put(String adapter, int[] prefix, KvCache source, int row, TransformerConfig config, DataType dtype) {
        if (capacity <= 0 || prefix.length == 0 || contains(adapter, prefix)) {
            return;
        }
        KvCache kv = new KvCache(manager, config, 1, prefix.length, dtype);
        kv.copyRow(source, row, 0, prefix.length);
        entries.put(key(adapter, prefix), new Entry(adapter, prefix.clone(), kv));
        while (entries.size() > capacity) {
            Iterator<Entry> it = entries.values().iterator();
            it.next().kv().close();
            it.remove();
        }
        peakBytes = Math.max(peakBytes, bytes());
    }

    public synchronized long hits() {
        return hits;
    }

    public synchronized long reusedTokens() {
        return reusedTokens;
    }

    private long peakBytes;

    /** Bytes the cached prefixes hold on the device. */
    public synchronized long bytes() {
        return entries.values().stream().mapToLong(e -> e.kv().bytes()).sum();
    }

    /** The most bytes the cached prefixes held at once. */
    public synchronized long peakBytes() {
        return peakBytes;
    }

    public synchronized int size() {
        return entries.size();
    }

    public synchronized void clear() {
        for (Entry e : entries.values()) {
            e.kv().close();
        }
        entries.clear();
    }
}
