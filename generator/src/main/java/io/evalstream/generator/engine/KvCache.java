package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for a fixed number of rows (sequences) and positions, in the
 * compute dtype: {@code keyCache[layer]} is {@code [rows, kvHeads, capacity, headDim]}. Column
 * {@code p} of a row holds the (already rotated) key of that row's token at position {@code p}, so a
 * row is valid up to its own length and the attention mask hides the rest. The last column is a
 * scratch column: padding tokens of a batched prefill write there, and no query ever attends it.
 */
public final class KvCache implements AutoCloseable {

    private final NDManager manager;
    final NDArray[] keyCache;
    final NDArray[] valueCache;
    private final int rows;
    private final int capacity;
    private final long bytes;

    public KvCache(NDManager parent, TransformerConfig config, int rows, int positions, DataType dtype) {
        this.manager = parent.newSubManager();
        this.rows = rows;
        // whole buckets (attention reads a rounded-up key count) plus the scratch column
        this.capacity = (positions + 1 + Transformer.KEY_BUCKET - 1) / Transformer.KEY_BUCKET * Transformer.KEY_BUCKET;
        this.keyCache = new NDArray[config.layers()];
        this.valueCache = new NDArray[config.layers()];
        Shape shape = new Shape(rows, config.kvHeads(), this.capacity, config.headDim());
        for (int l = 0; l < config.layers(); l++) {
            keyCache[l] = manager.zeros(shape, dtype);
            valueCache[l] = manager.zeros(shape, dtype);
        }
        this.bytes = 2L * config.layers() * shape.size() * dtype.getNumOfBytes();
    }

    /** Bytes this cache holds on its device. */
    public static long bytes(TransformerConfig config, int rows, int positions, DataType dtype) {
        int capacity = (positions + 1 + Transformer.KEY_BUCKET - 1) / Transformer.KEY_BUCKET * Transformer.KEY_BUCKET;
        return 2L * config.layers() * rows * config.kvHeads() * (long) capacity * config.headDim() * dtype.getNumOfBytes();
    }

    public int rows() {
        return rows;
    }

    /** Positions a row can hold (the scratch column excluded). */
    public int capacity() {
        return capacity - 1;
    }

    /** The scratch column's index. */
    int scratchColumn() {
        return capacity - 1;
    }

    public long bytes() {
        return bytes;
    }

    public NDManager manager() {
        return manager;
    }

    /** Writes one layer's keys and values {@code [B, T, kvHeads, headDim]} at {@code step}'s cache slots. */
    void write(int layer, ForwardStep step, NDArray keys, NDArray values) {
        keyCache[layer].set(step.writeSlots(), keys);
        valueCache[layer].set(step.writeSlots(), values);
    }

    /** The keys a step attends to, {@code [B, kvHeads, keys, headDim]} owned by {@code scope}: a view for contiguous rows, else gathered. */
    NDArray keys(int layer, ForwardStep step, NDManager scope) {
        return keyCache[layer].get(scope, step.readSlots());
    }

    NDArray values(int layer, ForwardStep step, NDManager scope) {
        return valueCache[layer].get(scope, step.readSlots());
    }

    /** Copies positions [0, length) of row {@code fromRow} of {@code from} into row {@code toRow} here. */
    public void copyRow(KvCache from, int fromRow, int toRow, int length) {
        if (length == 0) {
            return;
        }
        NDIndex src = new NDIndex("{}, :, 0:{}", fromRow, length);
        NDIndex dst = new NDIndex("{}, :, 0:{}", toRow, length);
        for (int l = 0; l < keyCache.length; l++) {
            try (NDArray k = from.keyCache[l].get(src); NDArray v = from.valueCache[l].get(src)) {
                keyCache[l].set(dst, k);
                valueCache[l].set(dst, v);
            }
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
