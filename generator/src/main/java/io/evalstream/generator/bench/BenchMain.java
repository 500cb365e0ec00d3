package io.evalstream.generator.bench;

import io.evalstream.generator.engine.EngineOptions;
import ai.djl.ndarray.NDManager;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.TransformerConfig;
import io.evalstream.generator.engine.Precision;
import io.evalstream.generator.engine.Transformer;
import io.evalstream.generator.engine.device.DeviceChoice;
import io.evalstream.generator.engine.device.TorchRuntime;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * {@code bench generate}'s engine side, also runnable on its own ({@code java -cp ... BenchMain
 * --device gpu --shape llama-3-8b}) where only the engine's jars are at hand, as on a GPU machine
 * without the rest of EvalStream.
 */
public final class BenchMain {

    /** The benchmark's settings; see {@link #parse}. */
    public record Settings(DeviceChoice device, String dtype, String shape, Path model, int adapters, int rank,
                           GenerateBenchmark.Workload workload, Path prompts, int promptNewTokens, int promptBatch, long seed) {
    }

    private BenchMain() {
    }

    public static void main(String[] args) throws Exception {
        Map<String, String> a = options(args);
        if (a.containsKey("fixtures")) {
            String dtype = a.getOrDefault("dtype", "float32");
            double tolerance = Double.parseDouble(a.getOrDefault("tolerance", dtype.equals("float16") ? "3e-2" : "1e-4"));
            FixtureParity.run(System.out, Path.of(a.get("fixtures")),
                    new EngineOptions(DeviceChoice.parse(a.getOrDefault("device", "auto")), dtype, 16, 0), tolerance);
            return;
        }
        run(System.out, parse(args));
    }

    private static Map<String, String> options(String[] args) {
        Map<String, String> a = new LinkedHashMap<>();
        for (int i = 0; i + 1 < args.length; i += 2) {
            if (!args[i].startsWith("--")) {
                throw new IllegalArgumentException("expected --option value pairs, got " + args[i]);
            }
            a.put(args[i].substring(2), args[i + 1]);
        }
        return a;
    }

    public static Settings parse(String[] args) {
        Map<String, String> a = options(args);
        DeviceChoice device = DeviceChoice.parse(a.getOrDefault("device", "auto"));
        boolean gpuLikely = device.kind() == DeviceChoice.Kind.GPU;
        int[] batches = Arrays.stream(a.getOrDefault("batches", gpuLikely ? "1,8,32" : "1,8").split(",")).mapToInt(Integer::parseInt).toArray();
        return new Settings(device, a.getOrDefault("dtype", "auto"), a.getOrDefault("shape", "llama-100m"),
                a.containsKey("model") ? Path.of(a.get("model")) : null, Integer.parseInt(a.getOrDefault("adapters", "2")),
                Integer.parseInt(a.getOrDefault("rank", "16")),
                new GenerateBenchmark.Workload(Integer.parseInt(a.getOrDefault("prompt-tokens", gpuLikely ? "512" : "128")),
                        Integer.parseInt(a.getOrDefault("new-tokens", gpuLikely ? "64" : "16")), batches,
                        Integer.parseInt(a.getOrDefault("single-row-prompts", "4"))),
                a.containsKey("prompts") ? Path.of(a.get("prompts")) : null, Integer.parseInt(a.getOrDefault("prompt-new-tokens", "64")),
                Integer.parseInt(a.getOrDefault("prompt-batch", "32")), Long.parseLong(a.getOrDefault("seed", "1234")));
    }

    public static void run(PrintStream out, Settings s) throws Exception {
        TorchRuntime runtime = TorchRuntime.start(s.device());
        Precision precision = Precision.parse(s.dtype(), runtime.gpu());
        try (NDManager root = NDManager.newBaseManager(runtime.device())) {
            MachineLimits.print(out, root, precision.dataType(), runtime.gpu());
        }
        EngineOptions options = new EngineOptions(s.device(), precision.configName(), 64, 0);
        LlmEngine.releaseCachedDeviceMemory(runtime);
        long baseline = LlmEngine.deviceMemoryInUse(runtime); // the CUDA context and libraries, before any weight
        try (LlmEngine engine = s.model() != null ? LlmEngine.load(s.model(), Map.of(), options) : randomEngine(s, runtime, precision, options)) {
            GenerateBenchmark bench = new GenerateBenchmark(out, engine);
            bench.header(s.model() != null ? s.model().toString() : "random " + s.shape());
            List<List<int[]>> outputs = bench.randomPrompts(s.workload(), s.seed());
            bench.batchInvariance(s.workload(), outputs);
            if (s.prompts() != null) {
                bench.promptFile(BenchPrompts.read(s.prompts()), s.promptNewTokens(), s.promptBatch());
            }
            bench.memory(baseline);
        }
        GenerateBenchmark.fitCheck(out, "llama-3-8b", 3, 16, 16, 2048);
    }

    private static LlmEngine randomEngine(Settings s, TorchRuntime runtime, Precision precision, EngineOptions options) {
        TransformerConfig config = ModelShapes.of(s.shape());
        NDManager manager = NDManager.newBaseManager(runtime.device());
        Transformer model = Transformer.random(config, precision, s.seed(), manager);
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        List<String> targets = List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj");
        for (int i = 0; i < s.adapters(); i++) {
            String name = "lora-" + (char) ('a' + i);
            adapters.put(name, LoraAdapter.random(name, model.linearShapes(), targets, s.rank(), 2.0 * s.rank(), model.manager()));
        }
        return LlmEngine.of(runtime, model, null, adapters, options);
    }
}
