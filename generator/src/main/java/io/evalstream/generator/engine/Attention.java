package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;

/**
 * Causal self-attention of one layer with grouped-query heads: project to q, k, v in one product,
 * rotate q and k together, store k and v in the cache, attend over the cached keys, and return
 * the heads' outputs before the output projection {@link #wo} (which the layer applies together with
 * its residual add).
 */
record Attention(int layer, FusedLinear wqkv, FusedLinear wo, int heads, int kvHeads, int headDim, RotaryTables rope,
                 NDArray scale) {

    /** {@code h} is {@code [N, hidden]}; returns {@code [N, heads·headDim]}. */
    NDArray apply(NDArray h, ForwardStep s, KvCache cache, LoraRouting lora) {
        int b = s.rows();
        int t = s.tokensPerRow();
        long n = s.tokens();
        int groups = heads / kvHeads;
        NDList qkAndV = lora.apply(h, wqkv, null).split(new long[] {(long) (heads + kvHeads) * headDim}, 1);
        NDArray qk = qkAndV.get(0).reshape(n, heads + kvHeads, headDim);        // [N, H + K, d]
        rope.rotateInPlace(qk, s.cos(), s.sin(), headDim);
        NDList qAndK = qk.split(new long[] {heads}, 1);
        NDArray k = qAndK.get(1).reshape(b, t, kvHeads, headDim);               // [B, T, K, d]
        NDArray v = qkAndV.get(1).reshape(b, t, kvHeads, headDim);              // [B, T, K, d]
        cache.write(layer, s, k, v);

        NDManager scope = h.getManager();
        if (t == 1) {
            // decode: each row's G query heads of one KV head against that head's keys, [B, K, G, d] · [B, K, d, keys]
            NDArray q = qAndK.get(0).reshape(b, kvHeads, groups, headDim);
            NDArray scores = q.matMul(cache.keys(layer, s, scope).transpose(0, 1, 3, 2)).muli(scale).addi(s.maskBias());
            NativeOps.inPlace(4); // two cache writes, scale, mask
            return scores.softmax(-1).matMul(cache.values(layer, s, scope)).reshape(n, (long) heads * headDim);
        }
        // prefill: the G query heads of one KV head share one product, [B, K, G·T, d] · [B, K, d, keys]
        NDArray q = qAndK.get(0).reshape(b, t, kvHeads, groups, headDim).transpose(0, 2, 3, 1, 4)
                .reshape(b, kvHeads, (long) groups * t, headDim);
        NDArray scores = q.matMul(cache.keys(layer, s, scope).transpose(0, 1, 3, 2)).muli(scale);
        scores.reshape(b, kvHeads, groups, t, s.keys()).addi(s.maskBias());
        NativeOps.inPlace(4); // two cache writes, scale, mask
        NDArray out = scores.softmax(-1).matMul(cache.values(layer, s, scope));  // [B, K, G·T, d]
        return out.reshape(b, kvHeads, groups, t, headDim).transpose(0, 3, 1, 2, 4).reshape(n, (long) heads * headDim);
    }
}
