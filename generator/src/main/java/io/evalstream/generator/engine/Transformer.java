package io.evalstream.generator.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The decoder: embeddings, N {@link DecoderLayer}s, final norm and the language-model head, for
 * Llama, Mistral, Qwen2 (RMSNorm, SwiGLU, sequential residuals) and Phi (LayerNorm, GELU, parallel
 * attention and MLP, partial rotary), in float32 or float16 ({@link Precision}).
 *
 * <p>Activations are {@code [tokens, hidden]}: every projection is one 2-D product whatever the
 * batch shape, and residual adds ride on the output projections. Each {@link #forward} call writes
 * the keys and values of its tokens into a {@link KvCache} and attends over each row's cached positions.
 */
public final class Transformer implements AutoCloseable {

    /** Attention reads a key count rounded up to this, so a growing sequence reuses kernels specialised per shape. */
    static final int KEY_BUCKET = 64;

    private final TransformerConfig config;
    private final Precision precision;
    private final NDManager manager;
    private final NDArray embedding;
    private final DecoderLayer[] layers;
    private final Norm finalNorm;
    private final FusedLinear lmHead;
    private final RotaryTables rope;
    private final NDArray maskFill;
    private final Map<String, long[]> linearShapes = new LinkedHashMap<>();
    private final List<FusedLinear> projections = new ArrayList<>();
    private NDArray keyPositions;
    private long weightBytes;

    private Transformer(TransformerConfig config, Precision precision, NDManager manager, WeightSource source) {
        this.config = config;
        this.precision = precision;
        this.manager = manager;
        WeightSource w = (name, shape) -> {
            NDArray a = source.get(name, shape);
            weightBytes += a.size() * precision.bytes();
            return a;
        };
        int h = config.hidden();
        boolean phi = config.isPhi();
        float eps = (float) config.normEps();
        this.rope = new RotaryTables(manager, config.rope(), config.maxPositions(), precision.dataType());
        NDArray scale = manager.create((float) (1.0 / Math.sqrt(config.headDim())));
        embedding = w.get("model.embed_tokens.weight", config.vocabSize(), h);
        layers = new DecoderLayer[config.layers()];
        for (int i = 0; i < config.layers(); i++) {
            String p = "model.layers." + i + ".";
            String oName = p + (phi ? "self_attn.dense" : "self_attn.o_proj");
            FusedLinear qkv = fuse(w, p + "qkv", h, config.qkvBias(), List.of(
                    new Proj(p + "self_attn.q_proj", (long) config.heads() * config.headDim()),
                    new Proj(p + "self_attn.k_proj", (long) config.kvHeads() * config.headDim()),
                    new Proj(p + "self_attn.v_proj", (long) config.kvHeads() * config.headDim())));
            FusedLinear wo = fuse(w, oName, (long) config.heads() * config.headDim(), config.oBias(), List.of(new Proj(oName, h)));
            Attention attention = new Attention(i, qkv, wo, config.heads(), config.kvHeads(), config.headDim(), rope, scale);
            if (phi) {
                Norm norm = new Norm.Layer(w.get(p + "input_layernorm.weight", h), w.get(p + "input_layernorm.bias", h), eps);
                FusedLinear fc1 = fuse(w, p + "mlp.fc1", h, true, List.of(new Proj(p + "mlp.fc1", config.intermediate())));
                FusedLinear fc2 = fuse(w, p + "mlp.fc2", config.intermediate(), true, List.of(new Proj(p + "mlp.fc2", h)));
                layers[i] = new DecoderLayer.Parallel(norm, attention, fc1, fc2, !config.hiddenAct().equals("gelu"));
            } else {
                Norm attnNorm = Norm.Rms.of(w.get(p + "input_layernorm.weight", h), eps, manager);
                Norm mlpNorm = Norm.Rms.of(w.get(p + "post_attention_layernorm.weight", h), eps, manager);
                FusedLinear gateUp = fuse(w, p + "gate_up", h, config.mlpBias(), List.of(
                        new Proj(p + "mlp.gate_proj", config.intermediate()), new Proj(p + "mlp.up_proj", config.intermediate())));
                FusedLinear down = fuse(w, p + "mlp.down_proj", config.intermediate(), config.mlpBias(),
                        List.of(new Proj(p + "mlp.down_proj", h)));
                layers[i] = new DecoderLayer.Sequential(attnNorm, attention, mlpNorm, gateUp, down, config.intermediate());
            }
        }
        finalNorm = phi
                ? new Norm.Layer(w.get("model.final_layernorm.weight", h), w.get("model.final_layernorm.bias", h), eps)
                : Norm.Rms.of(w.get("model.norm.weight", h), eps, manager);
        if (source.has("lm_head.weight") || !config.tieEmbeddings()) {
            lmHead = fuse(w, "lm_head", h, phi, List.of(new Proj("lm_head", config.vocabSize())));
        } else {
            lmHead = FusedLinear.single("lm_head", embedding, null); // tied: the embedding itself, no copy
            linearShapes.put("lm_head", new long[] {config.vocabSize(), h});
            projections.add(lmHead);
        }
        maskFill = manager.create(precision == Precision.FLOAT16 ? -65504f : -Float.MAX_VALUE);
        keyPositions = manager.arange(0, 0, 1, DataType.INT64);
    }

    private record Proj(String module, long out) {
    }

    /** Loads the modules' weights and concatenates them into one product; the parts are freed, so each weight is held once. */
    private FusedLinear fuse(WeightSource w, String group, long in, boolean bias, List<Proj> parts) {
        List<FusedLinear.Part> layout = new ArrayList<>();
        NDList weights = new NDList();
        NDList biases = new NDList();
        long offset = 0;
        for (Proj p : parts) {
            weights.add(w.get(p.module() + ".weight", p.out(), in));
            if (bias) {
                biases.add(w.get(p.module() + ".bias", p.out()));
            }
            layout.add(new FusedLinear.Part(p.module(), offset, p.out()));
            linearShapes.put(p.module(), new long[] {p.out(), in});
            offset += p.out();
        }
        NDArray weight = weights.size() == 1 ? weights.get(0) : concatAndFree(weights);
        NDArray b = !bias ? null : biases.size() == 1 ? biases.get(0) : concatAndFree(biases);
        FusedLinear lin = new FusedLinear(group, Collections.unmodifiableList(layout), weight, b, in, offset);
        projections.add(lin);
        return lin;
    }

    private static NDArray concatAndFree(NDList parts) {
        NDArray joined = NDArrays.concat(parts, 0);
        parts.close();
        return joined;
    }

    /** Loads the weights of a model folder in {@code precision}, checking every tensor's presence and shape against config.json. */
    public static Transformer load(TransformerConfig config, Checkpoint checkpoint, Precision precision, NDManager parent) {
        NDManager manager = parent.newSubManager();
        try {
            return new Transformer(config, precision, manager, new WeightSource() {
                public NDArray get(String name, long... shape) {
                    return checkpoint.load(manager, name, precision.dataType(), shape);
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
    public static Transformer random(TransformerConfig config, Precision precision, long seed, NDManager parent) {
        NDManager manager = parent.newSubManager();
        Engine.getInstance().setRandomSeed((int) seed);
        return new Transformer(config, precision, manager, (name, shape) -> {
            if (shape.length == 1) {
                return name.endsWith("bias") ? manager.zeros(new Shape(shape), precision.dataType())
                        : manager.ones(new Shape(shape), precision.dataType());
            }
            NDArray f = manager.randomNormal(0f, (float) (1.0 / Math.sqrt(shape[shape.length - 1])), new Shape(shape), DataType.FLOAT32);
            if (precision == Precision.FLOAT32) {
                return f;
            }
            NDArray half = f.toType(precision.dataType(), false);
            f.close();
            return half;
        });
    }

    @FunctionalInterface
    private interface WeightSource {
        NDArray get(String name, long... shape);

        default boolean has(String name) {
            return true;
        }
    }

    public TransformerConfig config() {
        return config;
    }

    public Precision precision() {
        return precision;
    }

    /** The base's linear modules, name to [out, in], for checking adapters. */
    public Map<String, long[]> linearShapes() {
        return linearShapes;
    }

    /** Every product LoRA can target (fused groups and the head). */
    List<FusedLinear> projections() {
        return projections;
    }

    /** Bytes of weights held on the device. */
    public long weightBytes() {
        return weightBytes;
    }

    public long parameterCount() {
        long n = embedding.size();
        for (Map.Entry<String, long[]> e : linearShapes.entrySet()) {
            if (!(e.getKey().equals("lm_head") && lmHead.weight() == embedding)) {
                n += e.getValue()[0] * e.getValue()[1];
            }
        }
        return n;
    }

    public NDManager manager() {
        return manager;
    }

    /** Makes position tables cover a cache of {@code columns} columns. */
    void cover(int columns) {
        rope.cover(columns);
        if (keyPositions.size() < columns) {
            keyPositions.close();
            keyPositions = manager.arange(0, columns, 1, DataType.INT64);
        }
    }

    /**
     * Runs a batch through the model, writing its keys and values into {@code cache}, and returns
     * logits in the compute dtype: {@code [B, V]} of each row's last token when the batch asks for
     * the last only, else {@code [B·T, V]}. Every intermediate belongs to {@code step}.
     */
    public NDArray forward(NDManager step, ForwardBatch batch, KvCache cache, LoraRouting lora) {
        cover(cache.scratchColumn() + 1);
        int b = batch.batch();
        int t = batch.tokensPerRow();
        ForwardStep s = ForwardStep.of(step, batch, rope, keyPositions, maskFill, precision.dataType());
        NDArray x = embedding.get(step, new NDIndex("{}", batch.tokens().reshape((long) b * t)));   // [N, hidden]
        for (DecoderLayer layer : layers) {
            // a layer's intermediates live in their own scope and are freed when it ends: a call's memory is one
            // layer's activations, not every layer's (DJL frees an array only when its manager closes)
            NDArray in = x;
            try (NDManager scope = step.newSubManager()) {
                in.tempAttach(scope);
                x = layer.forward(in, s, cache, lora);
                x.attach(step);
                NativeOps.scopedArrays(scope.getManagedArrays().size());
            }
            in.close();
        }
        LoraRouting head = lora;
        if (batch.lastOnly() && t > 1) {
            x = x.reshape(b, t, config.hidden()).get(new NDIndex(":, -1, :")); // rows are left-padded: the last column is each row's last token
            head = lora.lastTokens(t, step);
        }
        return head.apply(finalNorm.apply(x), lmHead, null);
    }

    @Override
    public void close() {
        manager.close();
    }
}
