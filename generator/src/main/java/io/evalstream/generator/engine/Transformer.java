package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The decoder: embeddings, N blocks of attention and MLP, final norm and the language-model head,
 * for Llama, Mistral, Qwen2 (RMSNorm, SwiGLU, sequential residuals) and Phi (LayerNorm, GELU,
 * attention and MLP in parallel on one normed input, partial rotary). Weights are float32.
 *
 * <p>{@link #forward} reads top to bottom like the math. Each call writes the keys and values of
 * its tokens into a {@link KvCache} and attends over the row's cached positions.
 */
public final class Transformer implements AutoCloseable {

    /** A projection {@code y = x · Wᵀ + b}; {@code module} is its Hugging Face name, which LoRA adapters target. */
    public record Linear(String module, NDArray weightT, NDArray bias, long in, long out) {
    }

    record Block(NDArray attnNorm, NDArray attnNormBias, Linear wq, Linear wk, Linear wv, Linear wo,
                 NDArray mlpNorm, Linear gate, Linear up, Linear down) {
    }

    /** Where a forward call's tokens go: rows [firstRow, firstRow + starts.length), row i's tokens from position starts[i]. */
    public record Placement(int firstRow, int[] starts) {
        public static Placement single(int row, int start) {
            return new Placement(row, new int[] {start});
        }
    }

    /** Where one forward call writes and reads the KV cache: the same in every layer, so worked out once per call. */
    private record CacheSlots(NDIndex write, NDIndex read, boolean oneRow) {
    }

    static final int KEY_BUCKET = 64;

    private final ModelConfig config;
    private final NDManager manager;
    private final NDArray embedding;
    private final Block[] blocks;
    private final NDArray finalNorm;
    private final NDArray finalNormBias;
    private final Linear lmHead;
    private final boolean tied;
    private final float[] inverseFrequencies;
    private final NDArray rotateHalf;
    private NDArray cos;
    private NDArray sin;
    private final Map<String, long[]> linearShapes = new LinkedHashMap<>();
    // scalars as 0-d arrays made once: for a Number operand DJL makes a new array on every call,
    // which costs about ten times the operation itself at decode sizes
    private final NDArray normEps;
    private final NDArray attentionScale;
    private final NDArray one;
    private final NDArray maskScale;

    private Transformer(ModelConfig config, NDManager manager, WeightSource w) {
        this.config = config;
        this.manager = manager;
        int h = config.hidden();
        int qDim = config.heads() * config.headDim();
        int kvDim = config.kvHeads() * config.headDim();
        int ff = config.intermediate();
        boolean phi = config.isPhi();
        embedding = w.get("model.embed_tokens.weight", config.vocabSize(), h);
        blocks = new Block[config.layers()];
        for (int i = 0; i < config.layers(); i++) {
            String p = "model.layers." + i + ".";
            NDArray attnNorm = w.get(p + "input_layernorm.weight", h);
            NDArray attnNormBias = phi ? w.get(p + "input_layernorm.bias", h) : null;
            Linear wq = linear(w, p + "self_attn.q_proj", h, qDim, config.qkvBias());
            Linear wk = linear(w, p + "self_attn.k_proj", h, kvDim, config.qkvBias());
            Linear wv = linear(w, p + "self_attn.v_proj", h, kvDim, config.qkvBias());
            Linear wo = linear(w, p + (phi ? "self_attn.dense" : "self_attn.o_proj"), qDim, h, config.oBias());
            if (phi) {
                blocks[i] = new Block(attnNorm, attnNormBias, wq, wk, wv, wo, null, null,
                        linear(w, p + "mlp.fc1", h, ff, true), linear(w, p + "mlp.fc2", ff, h, true));
            } else {
                blocks[i] = new Block(attnNorm, null, wq, wk, wv, wo, w.get(p + "post_attention_layernorm.weight", h),
                        linear(w, p + "mlp.gate_proj", h, ff, config.mlpBias()), linear(w, p + "mlp.up_proj", h, ff, config.mlpBias()),
                        linear(w, p + "mlp.down_proj", ff, h, config.mlpBias()));
            }
        }
        finalNorm = w.get(phi ? "model.final_layernorm.weight" : "model.norm.weight", h);
        finalNormBias = phi ? w.get("model.final_layernorm.bias", h) : null;
        if (w.has("lm_head.weight") || !config.tieEmbeddings()) {
            lmHead = linear(w, "lm_head", h, config.vocabSize(), phi);
            tied = false;
        } else {
            tied = true;
            lmHead = new Linear("lm_head", embedding.transpose(), null, h, config.vocabSize());
        }
        inverseFrequencies = config.rope().inverseFrequencies();
        rotaryTables(config.maxPositions());
        int r = config.rope().rotaryDim();
        float[] perm = new float[r * r];
        for (int i = 0; i < r / 2; i++) {
            perm[(i + r / 2) * r + i] = -1f; // out[i] = -x[i + r/2]
            perm[i * r + i + r / 2] = 1f;    // out[i + r/2] = x[i]
        }
        rotateHalf = manager.create(perm).reshape(r, r);
        normEps = manager.create((float) config.normEps());
        attentionScale = manager.create((float) (1.0 / Math.sqrt(config.headDim())));
        one = manager.create(1f);
        maskScale = manager.create(1e30f);
    }

    /** cos and sin of position × inverse frequency, [positions, rotaryDim], as transformers computes them in float32. */
    private void rotaryTables(int positions) {
        if (cos != null) {
            cos.close();
            sin.close();
        }
        float[] inv = inverseFrequencies;
        NDArray pos = manager.arange(0, positions, 1, DataType.FLOAT32).reshape(positions, 1);
        NDArray freqs = pos.matMul(manager.create(inv).reshape(1, inv.length));
        NDArray emb = freqs.concat(freqs, 1);
        cos = emb.cos();
        sin = emb.sin();
        pos.close();
        freqs.close();
        emb.close();
    }

    private Linear linear(WeightSource w, String module, long in, long out, boolean bias) {
        NDArray weight = w.get(module + ".weight", out, in);
        NDArray b = bias ? w.get(module + ".bias", out) : null;
        linearShapes.put(module, new long[] {out, in});
        return new Linear(module, weight.transpose(), b, in, out);
    }

    /** Loads the weights of a model folder, checking every tensor's presence and shape against config.json. */
    public static Transformer load(ModelConfig config, Checkpoint checkpoint, NDManager parent) {
        NDManager manager = parent.newSubManager();
        try {
            return new Transformer(config, manager, new WeightSource() {
                public NDArray get(String name, long... shape) {
                    return checkpoint.load(manager, name, shape);
                }

                public boolean has(String name) {
                    return checkpoint.has(name);
                }
            });
        } catch (RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** Random weights of unit-ish scale, for benchmarks of a given size without files. */
    public static Transformer random(ModelConfig config, long seed, NDManager parent) {
        NDManager manager = parent.newSubManager();
        ai.djl.engine.Engine.getInstance().setRandomSeed((int) seed);
        return new Transformer(config, manager, new WeightSource() {
            public NDArray get(String name, long... shape) {
                if (shape.length == 1) {
                    return name.endsWith("bias") ? manager.zeros(new Shape(shape)) : manager.ones(new Shape(shape));
                }
                return manager.randomNormal(0f, (float) (1.0 / Math.sqrt(shape[shape.length - 1])), new Shape(shape), DataType.FLOAT32);
            }

            public boolean has(String name) {
                return true;
            }
        });
    }

    private interface WeightSource {
        NDArray get(String name, long... shape);

        boolean has(String name);
    }

    public ModelConfig config() {
        return config;
    }

    /** The base's linear modules, name to [out, in], for checking adapters. */
    public Map<String, long[]> linearShapes() {
        return linearShapes;
    }

    public long parameterCount() {
        long n = embedding.size();
        for (Block b : blocks) {
            for (Linear l : new Linear[] {b.wq, b.wk, b.wv, b.wo, b.gate, b.up, b.down}) {
                if (l != null) {
                    n += l.in() * l.out();
                }
            }
        }
        return tied ? n : n + lmHead.in() * lmHead.out();
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * Runs the tokens {@code [rows, T]} through the model, writing their keys and values into
     * {@code cache} at the placement, and returns logits: {@code [rows, V]} of the last position
     * when {@code lastOnly}, else {@code [rows, T, V]}. All intermediates belong to {@code step}.
     */
    public NDArray forward(NDManager step, long[][] tokens, Placement at, KvCache cache, LoraRouting lora, boolean lastOnly) {
        int rows = tokens.length;
        int t = tokens[0].length;
        if (rows > 1 && t > 1) {
            throw new IllegalArgumentException("a forward call is either one row of T tokens or many rows of one token");
        }
        long[] flat = new long[rows * t];
        long[] pos = new long[rows * t];
        int maxEnd = 0;
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < t; i++) {
                flat[b * t + i] = tokens[b][i];
                pos[b * t + i] = at.starts()[b] + i;
            }
            maxEnd = Math.max(maxEnd, at.starts()[b] + t);
        }
        if (maxEnd > cache.capacity()) {
            throw new IllegalArgumentException("sequence of " + maxEnd + " positions exceeds the KV cache (" + cache.capacity() + ")");
        }
        if (maxEnd > cos.getShape().get(0)) {
            // past max_position_embeddings: rotary embeddings are defined for any position, as in transformers
            rotaryTables(Math.max(maxEnd, 2 * (int) cos.getShape().get(0)));
        }
        NDArray posIdx = step.create(pos);
        NDArray x = embedding.get(step, new NDIndex("{}", step.create(flat))).reshape(rows, t, config.hidden());
        NDArray cosP = cos.get(step, new NDIndex("{}", posIdx)).reshape(rows, 1, t, config.rope().rotaryDim());
        NDArray sinP = sin.get(step, new NDIndex("{}", posIdx)).reshape(rows, 1, t, config.rope().rotaryDim());
        // allowed[b, t, s] = s <= position of query (b, t): causal, and hides columns a row has not written
        // attend over a key count rounded up to a multiple of 64 (the mask hides the extra columns): far fewer distinct
        // shapes while a sequence grows, so kernels the backend specialises per shape are reused from step to step
        int keys = Math.min(cache.capacity(), (maxEnd + KEY_BUCKET - 1) / KEY_BUCKET * KEY_BUCKET);
        NDArray keyPos = step.arange(0, keys, 1, DataType.FLOAT32).reshape(1, 1, keys);
        NDArray queryPos = posIdx.toType(DataType.FLOAT32, false).reshape(rows, t, 1);
        NDArray maskBias = keyPos.lte(queryPos).toType(DataType.FLOAT32, false).sub(one).mul(maskScale).reshape(rows, 1, 1, t, keys);
        CacheSlots slots = cacheSlots(step, at, rows, t, keys);

        for (int l = 0; l < blocks.length; l++) {
            Block blk = blocks[l];
            if (config.isPhi()) {
                NDArray h = layerNorm(x, blk.attnNorm, blk.attnNormBias);
                NDArray attn = attention(step, h, blk, l, slots, cache, lora, cosP, sinP, maskBias, keys);
                NDArray mlp = lora.apply(gelu(lora.apply(h, blk.up)), blk.down);
                x = x.add(attn).add(mlp);
            } else {
                NDArray h = rmsNorm(x, blk.attnNorm);
                x = x.add(attention(step, h, blk, l, slots, cache, lora, cosP, sinP, maskBias, keys));
                h = rmsNorm(x, blk.mlpNorm);
                x = x.add(lora.apply(silu(lora.apply(h, blk.gate)).mul(lora.apply(h, blk.up)), blk.down));
            }
        }
        if (lastOnly && t > 1) {
            x = x.get(new NDIndex(":, {}:, :", t - 1));
        }
        x = config.isPhi() ? layerNorm(x, finalNorm, finalNormBias) : rmsNorm(x, finalNorm);
        NDArray logits = lora.apply(x, lmHead);
        return lastOnly ? logits.reshape(rows, config.vocabSize()) : logits;
    }

    private NDArray attention(NDManager step, NDArray h, Block blk, int layer, CacheSlots slots, KvCache cache, LoraRouting lora,
                              NDArray cosP, NDArray sinP, NDArray maskBias, int keys) {
        int rows = (int) h.getShape().get(0);
        int t = (int) h.getShape().get(1);
        int d = config.headDim();
        int kvHeads = config.kvHeads();
        int groups = config.groups();
        NDArray q = lora.apply(h, blk.wq).reshape(rows, t, config.heads(), d).transpose(0, 2, 1, 3);
        NDArray k = lora.apply(h, blk.wk).reshape(rows, t, kvHeads, d).transpose(0, 2, 1, 3);
        NDArray v = lora.apply(h, blk.wv).reshape(rows, t, kvHeads, d).transpose(0, 2, 1, 3);
        q = rotate(q, cosP, sinP);
        k = rotate(k, cosP, sinP);

        NDArray keyCache = cache.keyCache[layer];
        NDArray valueCache = cache.valueCache[layer];
        // one row: write its T positions; many rows of one token: write each row's token at its own position
        keyCache.set(slots.write(), slots.oneRow() ? k.squeeze(0) : k.squeeze(2));
        valueCache.set(slots.write(), slots.oneRow() ? v.squeeze(0) : v.squeeze(2));
        NDArray allKeys = keyCache.get(step, slots.read());
        NDArray allValues = valueCache.get(step, slots.read());
        // grouped-query attention without copying keys: the G query heads of one KV head share a matmul
        NDArray qg = q.reshape(rows, kvHeads, groups * t, d);
        NDArray scores = qg.matMul(allKeys.transpose(0, 1, 3, 2)).mul(attentionScale);
        scores = scores.reshape(rows, kvHeads, groups, t, keys).add(maskBias).softmax(-1).reshape(rows, kvHeads, groups * t, keys);
        NDArray out = scores.matMul(allValues).reshape(rows, config.heads(), t, d).transpose(0, 2, 1, 3)
                .reshape(rows, t, (long) config.heads() * d);
        return lora.apply(out, blk.wo);
    }

    private static CacheSlots cacheSlots(NDManager step, Placement at, int rows, int t, int keys) {
        if (rows == 1) {
            int row = at.firstRow();
            int start = at.starts()[0];
            return new CacheSlots(new NDIndex("{}, :, {}:{}", row, start, start + t), new NDIndex("{}:{}, :, :{}", row, row + 1, keys), true);
        }
        long[] rowIds = new long[rows];
        long[] positions = new long[rows];
        for (int b = 0; b < rows; b++) {
            rowIds[b] = at.firstRow() + b;
            positions[b] = at.starts()[b];
        }
        return new CacheSlots(new NDIndex("{}, :, {}", step.create(rowIds), step.create(positions)),
                new NDIndex("{}:{}, :, :{}", at.firstRow(), at.firstRow() + rows, keys), false);
    }

    private NDArray rotate(NDArray x, NDArray cosP, NDArray sinP) {
        int d = config.headDim();
        int r = config.rope().rotaryDim();
        NDArray rot = r == d ? x : x.get(new NDIndex("..., :{}", r));
        // rotate_half(x) = [-x2, x1] as one matmul with a fixed ±1 permutation: exact, and fewer operations than slicing
        NDArray rotated = rot.mul(cosP).add(rot.matMul(rotateHalf).mul(sinP));
        return r == d ? rotated : rotated.concat(x.get(new NDIndex("..., {}:", r)), -1);
    }

    private NDArray rmsNorm(NDArray x, NDArray weight) {
        NDArray variance = x.square().mean(new int[] {-1}, true);
        return x.div(variance.add(normEps).sqrt()).mul(weight);
    }

    private NDArray layerNorm(NDArray x, NDArray weight, NDArray bias) {
        return x.getNDArrayInternal().layerNorm(x, new Shape(config.hidden()), weight, bias, (float) config.normEps()).singletonOrThrow();
    }

    private static NDArray silu(NDArray x) {
        return x.mul(x.getNDArrayInternal().sigmoid());
    }

    private NDArray gelu(NDArray x) {
        if (config.hiddenAct().equals("gelu")) {
            return x.mul(x.mul((float) (1.0 / Math.sqrt(2.0))).erf().add(1f)).mul(0.5f);
        }
        // gelu_new / gelu_pytorch_tanh: the tanh approximation
        NDArray inner = x.add(x.pow(3f).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
        return x.mul(inner.tanh().add(1f)).mul(0.5f);
    }

    @Override
    public void close() {
        manager.close();
    }
}
