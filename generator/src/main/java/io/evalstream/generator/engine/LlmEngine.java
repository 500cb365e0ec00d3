package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.evalstream.generator.engine.lora.LoraAdapter;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One base model in memory with any number of LoRA adapters beside it, its tokenizer, and a
 * prefix cache. Adapters are named; {@code null} names the base model.
 */
public final class LlmEngine implements AutoCloseable {

    private final Path baseDir;
    private final NDManager manager;
    private final Transformer model;
    private final TextTokenizer tokenizer;
    private final Map<String, LoraAdapter> adapters;
    private final String baseSha256;
    private PrefixCache prefixCache;

    private LlmEngine(Path baseDir, NDManager manager, Transformer model, TextTokenizer tokenizer, Map<String, LoraAdapter> adapters,
                      String baseSha256, PrefixCache prefixCache) {
        this.baseDir = baseDir;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.adapters = adapters;
        this.baseSha256 = baseSha256;
        this.prefixCache = prefixCache;
    }

    /** Loads a Hugging Face model folder and PEFT adapter folders (name to folder). */
    public static LlmEngine load(Path baseDir, Map<String, Path> adapterDirs, int prefixCacheEntries) throws IOException {
        ModelConfig config = ModelConfig.read(baseDir);
        NDManager manager = NDManager.newBaseManager();
        try (Checkpoint checkpoint = Checkpoint.openModelDir(baseDir)) {
            String sha = checkpoint.sha256();
            Transformer model = Transformer.load(config, checkpoint, manager);
            Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : adapterDirs.entrySet()) {
                adapters.put(e.getKey(), LoraAdapter.load(e.getKey(), e.getValue(), model.linearShapes(), manager));
            }
            TextTokenizer tokenizer = TextTokenizer.load(baseDir, config.eosTokenIds());
            return new LlmEngine(baseDir, manager, model, tokenizer, Collections.unmodifiableMap(adapters), sha,
                    new PrefixCache(manager, prefixCacheEntries));
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** An engine around an existing model (benchmarks with random weights). */
    public static LlmEngine of(Transformer model, TextTokenizer tokenizer, Map<String, LoraAdapter> adapters, int prefixCacheEntries) {
        return new LlmEngine(null, model.manager(), model, tokenizer, Map.copyOf(adapters), null,
                new PrefixCache(model.manager(), prefixCacheEntries));
    }

    public Transformer model() {
        return model;
    }

    public ModelConfig config() {
        return model.config();
    }

    public TextTokenizer tokenizer() {
        return tokenizer;
    }

    public Path baseDir() {
        return baseDir;
    }

    public String baseSha256() {
        return baseSha256;
    }

    public Map<String, LoraAdapter> adapters() {
        return adapters;
    }

    /** Runs {@code work} with the prefix cache off (for measuring what it saves). */
    public synchronized <T> T withoutPrefixCache(java.util.function.Supplier<T> work) {
        PrefixCache saved = prefixCache;
        prefixCache = new PrefixCache(manager, 0);
        try {
            return work.get();
        } finally {
            prefixCache = saved;
        }
    }

    private LoraStacks loraStacks;

    /** Every adapter's factors stacked per module, built on the first mixed decode batch. */
    synchronized LoraStacks loraStacks() {
        if (loraStacks == null && !adapters.isEmpty()) {
            loraStacks = new LoraStacks(manager, new ArrayList<>(adapters.values()), model.linearShapes());
        }
        return loraStacks;
    }

    public PrefixCache prefixCache() {
        return prefixCache;
    }

    NDManager manager() {
        return manager;
    }

    /** The adapter of a name; null for the base model (a null name). */
    public LoraAdapter adapter(String name) {
        if (name == null) {
            return null;
        }
        LoraAdapter a = adapters.get(name);
        if (a == null) {
            throw new IllegalArgumentException("no adapter named " + name + "; loaded: " + adapters.keySet());
        }
        return a;
    }

    /** Logits at every position of one sequence, [T][V]: what the reference tests compare. */
    public synchronized float[][] logits(String adapter, int[] ids) {
        try (NDManager step = manager.newSubManager(); KvCache cache = new KvCache(manager, config(), 1, ids.length)) {
            long[][] tokens = {toLongs(ids)};
            LoraRouting routing = LoraRouting.of(step, Collections.singletonList(adapter(adapter)));
            NDArray logits = model.forward(step, tokens, Transformer.Placement.single(0, 0), cache, routing, false);
            float[] flat = logits.toFloatArray();
            int v = config().vocabSize();
            float[][] out = new float[ids.length][];
            for (int t = 0; t < ids.length; t++) {
                out[t] = new float[v];
                System.arraycopy(flat, t * v, out[t], 0, v);
            }
            return out;
        }
    }

    /**
     * Generates continuations with continuous batching over {@code batchSize} slots; requests may
     * name different adapters. Results are in request order.
     */
    public synchronized List<Generation> generate(List<GenerationRequest> requests, int batchSize) {
        return new ContinuousBatcher(this).generate(requests, batchSize);
    }

    /**
     * Log-probabilities of candidate next tokens after a prompt, from one forward pass (MMLU
     * choice scoring). The prompt's first {@code prefixLength} tokens may come from, and go into,
     * the prefix cache.
     */
    public synchronized double[] scoreNextToken(String adapter, int[] prompt, int prefixLength, int[] candidates) {
        try (NDManager step = manager.newSubManager(); KvCache cache = new KvCache(manager, config(), 1, prompt.length)) {
            ContinuousBatcher.Prefill p = new ContinuousBatcher(this).prefill(step, adapter, adapter(adapter), prompt, prefixLength, cache, 0);
            float[] logprobs = p.logits().logSoftmax(1).toFloatArray();
            double[] out = new double[candidates.length];
            for (int i = 0; i < candidates.length; i++) {
                out[i] = logprobs[candidates[i]];
            }
            return out;
        }
    }

    static long[] toLongs(int[] ids) {
        long[] out = new long[ids.length];
        for (int i = 0; i < ids.length; i++) {
            out[i] = ids[i];
        }
        return out;
    }

    static List<Integer> boxed(int[] ids) {
        List<Integer> out = new ArrayList<>(ids.length);
        for (int id : ids) {
            out.add(id);
        }
        return out;
    }

    @Override
    public void close() {
        for (LoraAdapter a : adapters.values()) {
            a.close();
        }
        prefixCache.clear();
        if (loraStacks != null) {
            loraStacks.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
        manager.close();
    }
}
