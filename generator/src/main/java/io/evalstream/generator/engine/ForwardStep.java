package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * What every layer of one forward call shares, worked out once per call so the layer loop reads
 * embed → layers → norm → head: the rotary cos/sin of each token's position, the attention mask
 * and the KV-cache slots the call writes and reads. Everything here is built on the device from
 * the batch's device tensors: no host work that grows with batch × keys.
 *
 * @param manager     owner of every intermediate of the call
 * @param cos         {@code [N, 1, rotaryDim]} for the N = B·T tokens
 * @param sin         likewise
 * @param maskBias    {@code [B, 1, 1, T, keys]} ({@code [B, 1, 1, keys]} when T = 1): 0 where key position ≤ query position,
 *                    the dtype's minimum elsewhere
 * @param writeSlots  (row, :, position) of each token, for index-put of {@code [B, T, kvHeads, headDim]}
 * @param readSlots   the rows' first {@code keys} columns
 */
record ForwardStep(NDManager manager, int rows, int tokensPerRow, int keys, NDArray cos, NDArray sin, NDArray maskBias,
                   NDIndex writeSlots, NDIndex readSlots) {

    static ForwardStep of(NDManager step, ForwardBatch batch, RotaryTables rope, NDArray keyPositions, NDArray maskFill, DataType dtype) {
        int b = batch.batch();
        int t = batch.tokensPerRow();
        int keys = batch.keys();
        NDArray[] cosSin = rope.at(step, batch.positions().reshape((long) b * t));
        NDArray keyPos = keyPositions.get(step, new NDIndex(":{}", keys));
        NDArray mask = keyPos.gt(batch.positions().reshape(b, t, 1)).toType(dtype, false).mul(maskFill);
        // decode scores are [B, K, G, keys]; prefill scores [B, K, G, T, keys]
        mask = t == 1 ? mask.reshape(b, 1, 1, keys) : mask.reshape(b, 1, 1, t, keys);
        NDIndex write = new NDIndex("{}, :, {}", batch.rows(), batch.positions());
        NDIndex read = batch.firstRow() >= 0
                ? new NDIndex("{}:{}, :, :{}", batch.firstRow(), batch.firstRow() + b, keys)
                : new NDIndex("{}, :, :{}", batch.rows().reshape(b), keys);
        return new ForwardStep(step, b, t, keys, cosSin[0], cosSin[1], mask, write, read);
    }

    long tokens() {
        return (long) rows * tokensPerRow;
    }
}
