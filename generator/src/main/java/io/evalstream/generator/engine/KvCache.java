package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;

/**
 * Keys and values of every layer for a fixed number of rows (sequences) and positions:
 * {@code keyCache[layer]} is {@code [rows, kvHeads, capacity, headDim]}. Column {@code p} of a row
 * holds the (already rotated) key of that row's token at position {@code p}, so a row is valid up
 * to its own length and the attention mask hides the rest.
 */
public final class KvCache implements AutoCloseable {

    final NDManager manager;
    final NDArray[] keyCache;
    final NDArray[] valueCache;
    private final int rows;
    private final int capacity;

    public KvCache(NDManager parent, ModelConfig config, int rows, int capacity) {
        this.manager = parent.newSubManager();
        this.rows = rows;
        // whole buckets, so attention over a rounded-up key count stays inside the cache
        this.capacity = (capacity + Transformer.KEY_BUCKET - 1) / Transformer.KEY_BUCKET * Transformer.KEY_BUCKET;
        this.keyCache = new NDArray[config.layers()];
        this.valueCache = new NDArray[config.layers()];
        Shape shape = new Shape(rows, config.kvHeads(), this.capacity, config.headDim());
        for (int l = 0; l < config.layers(); l++) {
            keyCache[l] = manager.zeros(shape, DataType.FLOAT32);
            valueCache[l] = manager.zeros(shape, DataType.FLOAT32);
        }
    }

    public int rows() {
        return rows;
    }

    public int capacity() {
        return capacity;
    }

    public int layers() {
        return keyCache.length;
    }

    /** Copies positions [0, length) of row {@code fromRow} of {@code from} into row {@code toRow} here. */
    public void copyRow(KvCache from, int fromRow, int toRow, int length) {
        if (length == 0) {
            return;
        }
        String src = fromRow + ", :, 0:" + length;
        String dst = toRow + ", :, 0:" + length;
        for (int l = 0; l < keyCache.length; l++) {
            keyCache[l].set(new ai.djl.ndarray.index.NDIndex(dst), from.keyCache[l].get(src));
            valueCache[l].set(new ai.djl.ndarray.index.NDIndex(dst), from.valueCache[l].get(src));
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
