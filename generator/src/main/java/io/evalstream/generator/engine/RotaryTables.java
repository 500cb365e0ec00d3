package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;

/**
 * Rotary position embedding: cos and sin of position × inverse frequency, computed in float32 as
 * transformers computes them and stored in the compute dtype (transformers casts them to the
 * activations' dtype before rotating), and the fixed ±1 matrix that turns rotate_half into one
 * matrix product.
 */
final class RotaryTables implements AutoCloseable {

    private final NDManager manager;
    private final float[] inverseFrequencies;
    private final int rotaryDim;
    private final DataType dtype;
    private final NDArray rotateHalf;
    private NDArray cos;
    private NDArray sin;
    private int positions;

    RotaryTables(NDManager parent, RopeConfig rope, int positions, DataType dtype) {
        this.manager = parent.newSubManager();
        this.inverseFrequencies = rope.inverseFrequencies();
        this.rotaryDim = rope.rotaryDim();
        this.dtype = dtype;
        int r = rotaryDim;
        float[] perm = new float[r * r];
        for (int i = 0; i < r / 2; i++) {
            perm[(i + r / 2) * r + i] = -1f; // out[i] = -x[i + r/2]
            perm[i * r + i + r / 2] = 1f;    // out[i + r/2] = x[i]
        }
        this.rotateHalf = manager.create(perm).reshape(r, r).toType(dtype, false);
        build(positions);
    }

    private void build(int n) {
        if (cos != null) {
            cos.close();
            sin.close();
        }
        try (NDManager scratch = manager.newSubManager()) {
            NDArray pos = scratch.arange(0, n, 1, DataType.FLOAT32).reshape(n, 1);
            NDArray freqs = pos.matMul(scratch.create(inverseFrequencies).reshape(1, inverseFrequencies.length));
            NDArray emb = freqs.concat(freqs, 1);
            cos = emb.cos().toType(dtype, false);
            sin = emb.sin().toType(dtype, false);
            cos.attach(manager);
            sin.attach(manager);
        }
        positions = n;
    }

    /** Makes sure positions [0, n) have tables: rotary embeddings are defined for any position, as in transformers. */
    void cover(int n) {
        if (n > positions) {
            build(Math.max(n, 2 * positions));
        }
    }

    /** The cos and sin rows of {@code positions} ({@code [N]} int64), shaped {@code [N, 1, rotaryDim]} to broadcast over heads. */
    NDArray[] at(NDManager step, NDArray positions) {
        NDIndex rows = new NDIndex("{}", positions);
        long n = positions.size();
        return new NDArray[] {cos.get(step, rows).reshape(n, 1, rotaryDim), sin.get(step, rows).reshape(n, 1, rotaryDim)};
    }

    /**
     * Rotates {@code x} ({@code [N, heads, headDim]}, a view into the fused projection's output) in
     * place: {@code x·cos + rotate_half(x)·sin} on its first rotaryDim dimensions.
     */
    void rotateInPlace(NDArray x, NDArray cosP, NDArray sinP, int headDim) {
        NDArray part = rotaryDim == headDim ? x : x.get(new NDIndex(":, :, :{}", rotaryDim));
        NDArray turned = part.matMul(rotateHalf).muli(sinP);
        part.muli(cosP).addi(turned);
        NativeOps.inPlace(3);
    }

    @Override
    public void close() {
        manager.close();
    }
}
