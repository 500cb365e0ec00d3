package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.util.cuda.CudaUtils;
import io.evalstream.generator.engine.device.DeviceChoice;
import io.evalstream.generator.engine.device.TorchRuntime;
import io.evalstream.generator.engine.lora.LoraAdapter;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.generator.engine.weights.Checkpoint;
import io.evalstream.generator.engine.weights.HalfPrecision;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;

/**
 * One base model on one device with any number of LoRA adapters beside it, its tokenizer and a
 * prefix cache. Adapters are named; {@code null} names the base model. Requests of different
 * adapters share batches.
 */
public final class LlmEngine implements AutoCloseable {

    /**
     * The engine's own account of device memory: weights, adapter factors, its KV cache (one, reused
     * by every run), and the most the prefix cache held; on a GPU also the most device memory seen in
     * use (all of the process's allocations, the CUDA context and PyTorch's caching allocator included).
     */
    public record Memory(long weights, long adapters, long kvCache, long prefixCache, long devicePeak, long deviceTotal) {

        public long accounted() {
            return weights + adapters + kvCache + prefixCache;
        }
    }

    private final Path baseDir;
    private final TorchRuntime runtime;
    private final EngineOptions options;
    private final NDManager manager;
    private final Transformer model;
    private final TextTokenizer tokenizer;
    private final Map<String, LoraAdapter> adapters;
    private final LoraStacks stacks;
    private final String baseSha256;
    private final HalfPrecision.Conversion conversion;
    private final BatchStats stats = new BatchStats();
    private PrefixCache prefixCache;
    private KvCache kvCache;
    private long devicePeak;

    private LlmEngine(Path baseDir, TorchRuntime runtime, EngineOptions options, NDManager manager, Transformer model, TextTokenizer tokenizer,
                      Map<String, LoraAdapter> adapters, String baseSha256, HalfPrecision.Conversion conversion) {
        this.baseDir = baseDir;
        this.runtime = runtime;
        this.options = options;
        this.manager = manager;
        this.model = model;
        this.tokenizer = tokenizer;
        this.adapters = adapters;
        this.baseSha256 = baseSha256;
        this.conversion = conversion;
        this.stacks = adapters.isEmpty() ? null
                : new LoraStacks(manager, new ArrayList<>(adapters.values()), model.projections(), model.precision().dataType());
        adapters.values().forEach(LoraAdapter::releaseFactors);
        this.prefixCache = new PrefixCache(manager, options.prefixCacheEntries());
        releaseCachedDeviceMemory(runtime); // the conversion's temporaries
        sampleDeviceMemory();
    }

    /**
     * Device memory the process uses now (GPU: everything cudaMemGetInfo counts as used, including
     * memory PyTorch's caching allocator holds for reuse; 0 on a CPU).
     */
    public static long deviceMemoryInUse(TorchRuntime runtime) {
        return runtime.gpu() ? CudaUtils.getGpuMemory(runtime.device()).getUsed() : 0;
    }

    /** Returns memory PyTorch's caching allocator holds but no tensor uses, so that readings show what is needed. */
    public static void releaseCachedDeviceMemory(TorchRuntime runtime) {
        if (runtime.gpu()) {
            JniUtils.emptyCudaCache();
        }
    }

    /** Loads a Hugging Face model folder and PEFT adapter folders (name to folder) on the CPU in float32, or as {@code EngineOptions.defaults()} chooses. */
    public static LlmEngine load(Path baseDir, Map<String, Path> adapterDirs, int prefixCacheEntries) throws IOException {
        return load(baseDir, adapterDirs, EngineOptions.defaults().withPrefixCacheEntries(prefixCacheEntries));
    }

    /** Loads a Hugging Face model folder and PEFT adapter folders (name to folder) on the device and in the dtype the options ask for. */
    public static LlmEngine load(Path baseDir, Map<String, Path> adapterDirs, EngineOptions options) throws IOException {
        TransformerConfig config = TransformerConfig.read(baseDir);
        TorchRuntime runtime = TorchRuntime.start(options.device());
        Precision precision = Precision.parse(options.dtype(), runtime.gpu());
        NDManager manager = NDManager.newBaseManager(runtime.device());
        try (Checkpoint checkpoint = Checkpoint.openModelDir(baseDir)) {
            String sha = checkpoint.sha256();
            Transformer model = Transformer.load(config, checkpoint, precision, manager);
            Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
            for (Map.Entry<String, Path> e : adapterDirs.entrySet()) {
                adapters.put(e.getKey(), LoraAdapter.load(e.getKey(), e.getValue(), model.linearShapes(), manager));
            }
            TextTokenizer tokenizer = TextTokenizer.load(baseDir, config.eosTokenIds());
            return new LlmEngine(baseDir, runtime, options.resolved(runtime.gpu()), manager, model, tokenizer,
                    Collections.unmodifiableMap(adapters), sha, checkpoint.conversion());
        } catch (IOException | RuntimeException e) {
            manager.close();
            throw e;
        }
    }

    /** An engine around an existing model (benchmarks with random weights); the model's manager must be on {@code runtime}'s device. */
    public static LlmEngine of(TorchRuntime runtime, Transformer model, TextTokenizer tokenizer, Map<String, LoraAdapter> adapters, EngineOptions options) {
        return new LlmEngine(null, runtime, options.resolved(runtime.gpu()), model.manager(), model, tokenizer, Map.copyOf(adapters), null,
                HalfPrecision.Conversion.NONE);
    }

    public Transformer model() {
        return model;
    }

    public TransformerConfig config() {
        return model.config();
    }

    public Precision precision() {
        return model.precision();
    }

    public TorchRuntime runtime() {
        return runtime;
    }

    EngineOptions options() {
        return options;
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

    /** What converting the checkpoint to float16 lost (nothing when it was loaded in its own precision). */
    public HalfPrecision.Conversion conversion() {
        return conversion;
    }

    public Map<String, LoraAdapter> adapters() {
        return adapters;
    }

    public BatchStats stats() {
        return stats;
    }

    LoraStacks stacks() {
        return stacks;
    }

    int stackSlot(LoraAdapter adapter) {
        return stacks == null ? -1 : stacks.slot(adapter);
    }

    public PrefixCache prefixCache() {
        return prefixCache;
    }

    NDManager manager() {
        return manager;
    }

    /** Runs {@code work} with the prefix cache off (for measuring what it saves). */
    public synchronized <T> T withoutPrefixCache(Supplier<T> work) {
        PrefixCache saved = prefixCache;
        prefixCache = new PrefixCache(manager, 0);
        try {
            return work.get();
        } finally {
            prefixCache = saved;
        }
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

    /** Logits at every position of one sequence, float32 {@code [T][V]}: what the reference tests compare. */
    public synchronized float[][] logits(String adapter, int[] ids) {
        LoraAdapter lora = adapter(adapter);
        try (NDManager step = manager.newSubManager(); KvCache cache = new KvCache(manager, config(), 1, ids.length, precision().dataType())) {
            long[] tokens = new long[ids.length];
            long[] positions = new long[ids.length];
            for (int i = 0; i < ids.length; i++) {
                tokens[i] = ids[i];
                positions[i] = i;
            }
            ForwardBatch batch = new ForwardBatch(step.create(tokens, new Shape(1, ids.length)), step.create(positions, new Shape(1, ids.length)),
                    step.create(new long[] {0}, new Shape(1, 1)), 0, ForwardBatch.keysFor(ids.length - 1, cache), false);
            LoraRouting routing = LoraRouting.of(stacks, new int[] {stackSlot(lora)}, ids.length, step, precision().dataType());
            float[] flat = model.forward(step, batch, cache, routing).toType(DataType.FLOAT32, false).toFloatArray();
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
     * Generates continuations with continuous batching over {@code slots} rows; requests may name
     * different adapters. Results are in request order.
     */
    public synchronized List<Generation> generate(List<GenerationRequest> requests, int slots) {
        List<Sequence> work = new ArrayList<>();
        Map<List<String>, StopCheck> stops = new LinkedHashMap<>();
        for (GenerationRequest r : requests) {
            StopCheck check = stops.computeIfAbsent(r.stopStrings(), s -> new StopCheck(tokenizer, tokenizer == null ? List.of() : s, config().vocabSize()));
            work.add(Sequence.of(r, adapter(r.adapter()), check));
        }
        run(work, slots);
        return work.stream().map(s -> s.result).toList();
    }

    /**
     * Log-probabilities of each request's candidate next tokens, from one forward pass per prompt,
     * prompts batched over {@code slots} rows (multiple-choice scoring). Results are in request order.
     */
    public synchronized List<double[]> score(List<ScoringRequest> requests, int slots) {
        List<Sequence> work = new ArrayList<>();
        for (ScoringRequest r : requests) {
            work.add(Sequence.of(r, adapter(r.adapter())));
        }
        run(work, slots);
        return work.stream().map(s -> s.scores).toList();
    }

    /** One prompt's candidate log-probabilities (see {@link #score}). */
    public double[] scoreNextToken(String adapter, int[] prompt, int prefixLength, int[] candidates) {
        return score(List.of(new ScoringRequest(adapter, prompt, prefixLength, candidates)), 1).get(0);
    }

    /**
     * The engine's one KV cache, grown when a run needs more rows or positions than it holds. Runs
     * reuse it, so device memory is the weights plus one cache rather than whatever a caching
     * allocator keeps of caches of many sizes.
     */
    KvCache kvCache(int rows, int positions) {
        if (kvCache != null && kvCache.rows() >= rows && kvCache.capacity() >= positions) {
            return kvCache;
        }
        int keepRows = kvCache == null ? rows : Math.max(rows, kvCache.rows());
        int keepPositions = kvCache == null ? positions : Math.max(positions, kvCache.capacity());
        if (kvCache != null) {
            kvCache.close();
            releaseCachedDeviceMemory(runtime);
        }
        kvCache = new KvCache(manager, config(), keepRows, keepPositions, precision().dataType());
        return kvCache;
    }

    private void run(List<Sequence> work, int slots) {
        if (work.isEmpty()) {
            return;
        }
        try (ContinuousBatcher batcher = new ContinuousBatcher(this, work, slots, stats)) {
            batcher.run(work);
        } finally {
            sampleDeviceMemory();
        }
    }

    /** Notes the device memory in use now (GPU only); benchmarks call it between steps. */
    public void sampleDeviceMemory() {
        devicePeak = Math.max(devicePeak, deviceMemoryInUse(runtime));
    }

    public Memory memory() {
        long total = runtime.gpu() ? CudaUtils.getGpuMemory(runtime.device()).getMax() : 0;
        return new Memory(model.weightBytes(), stacks == null ? 0 : stacks.bytes(), kvCache == null ? 0 : kvCache.bytes(),
                prefixCache.peakBytes(), devicePeak, total);
    }

    @Override
    public void close() {
        adapters.values().forEach(LoraAdapter::close);
        prefixCache.clear();
        if (kvCache != null) {
            kvCache.close();
        }
        if (stacks != null) {
            stacks.close();
        }
        if (tokenizer != null) {
            tokenizer.close();
        }
        manager.close();
    }
}
