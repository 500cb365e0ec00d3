package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;

/**
 * The tokens of one forward call: B rows of T tokens, each row continuing its own KV-cache row.
 * Rows shorter than T are left-padded, so every row's last token is at column T−1; padding tokens
 * carry the cache's scratch column as their position. A decode step is the case T = 1.
 *
 * @param tokens    {@code [B, T]} int64 token ids, on the engine's device
 * @param positions {@code [B, T]} int64 position of each token (its KV-cache column)
 * @param rows      {@code [B, 1]} int64 KV-cache row of each batch row
 * @param firstRow  when the rows are {@code firstRow … firstRow+B−1} in order, that first row (reads become views); else −1
 * @param keys      how many cache columns the queries attend over: covers every real position, rounded up to
 *                  {@link Transformer#KEY_BUCKET} so kernels specialised per shape are reused from step to step
 * @param lastOnly  logits of each row's last token only ({@code [B, V]}) instead of every token ({@code [B·T, V]})
 */
public record ForwardBatch(NDArray tokens, NDArray positions, NDArray rows, int firstRow, int keys, boolean lastOnly) {

    public int batch() {
        return (int) tokens.getShape().get(0);
    }

    public int tokensPerRow() {
        return (int) tokens.getShape().get(1);
    }

    /** The key count for queries up to position {@code maxPosition}, bucketed and capped at the cache's columns. */
    public static int keysFor(int maxPosition, KvCache cache) {
        int bucketed = (maxPosition + 1 + Transformer.KEY_BUCKET - 1) / Transformer.KEY_BUCKET * Transformer.KEY_BUCKET;
        return Math.min(bucketed, cache.scratchColumn() + 1);
    }
}
