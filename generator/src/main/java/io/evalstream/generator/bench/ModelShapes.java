package io.evalstream.generator.bench;

import io.evalstream.generator.engine.Architecture;
import io.evalstream.generator.engine.TransformerConfig;
import io.evalstream.generator.engine.RopeConfig;
import java.util.List;
import java.util.Map;

/** Llama-architecture shapes of the models EvalStream's users run, for benchmarks with random weights. */
public final class ModelShapes {

    private ModelShapes() {
    }

    private static TransformerConfig llama(int vocab, int hidden, int ff, int layers, int heads, int kvHeads, boolean tied) {
        int headDim = hidden / heads;
        return new TransformerConfig(Architecture.LLAMA, vocab, hidden, ff, layers, heads, kvHeads, headDim, 1e-5, "silu",
                new RopeConfig(500000, "default", 1, 1, 4, 8192, headDim), tied, false, false, false, null, List.of(), 8192);
    }

    public static final Map<String, TransformerConfig> SHAPES = Map.of(
            "llama-3-8b", llama(128256, 4096, 14336, 32, 32, 8, false),
            "llama-3.2-1b", llama(128256, 2048, 8192, 16, 32, 8, true),
            "llama-100m", llama(16384, 768, 2048, 12, 12, 4, false));

    public static TransformerConfig of(String name) {
        TransformerConfig c = SHAPES.get(name);
        if (c == null) {
            throw new IllegalArgumentException("unknown shape " + name + "; known: " + SHAPES.keySet());
        }
        return c;
    }

    /** Parameters of a shape (embedding, projections, and an untied head). */
    public static long parameters(TransformerConfig c) {
        long h = c.hidden();
        long kv = (long) c.kvHeads() * c.headDim();
        long q = (long) c.heads() * c.headDim();
        long perLayer = h * (q + 2 * kv) + q * h + 3 * h * c.intermediate() + 2 * h;
        long head = c.tieEmbeddings() ? 0 : (long) c.vocabSize() * h;
        return (long) c.vocabSize() * h + c.layers() * perLayer + h + head;
    }

    /** LoRA factor parameters of an adapter of rank r on every linear module of a shape. */
    public static long loraParameters(TransformerConfig c, int r) {
        long h = c.hidden();
        long kv = (long) c.kvHeads() * c.headDim();
        long q = (long) c.heads() * c.headDim();
        long perLayer = r * ((h + q) + (h + kv) * 2 + (q + h) + 2 * (h + c.intermediate()) + (c.intermediate() + h));
        return c.layers() * perLayer;
    }
}
