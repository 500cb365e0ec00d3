package io.evalstream.generator.engine;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.lora.LoraAdapter;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.generator.engine.weights.Checkpoint;
import io.evalstream.generator.prompt.RenderedPrompt;
import io.evalstream.generator.prompt.SchemaText;
import io.evalstream.schemas.SchemaColumn;
import io.evalstream.schemas.SchemaTable;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Throughput of the engine beside the machine's own limits measured in the same run: f32 matmul
 * GFLOP/s (what prefill can reach) and memory read bandwidth (what decode at batch 1 can reach,
 * since every step reads every weight once). Reports prefill tokens/s, decode tokens/s at batch
 * 1, 8 and 32, the prefix cache's speed-up on a 3-shot Spider prompt, and multi-LoRA batches
 * against base-only batches.
 *
 * <p>Every figure is given as the best (the fastest of several repetitions or steps) and the median,
 * the limits too, and each fraction divides like by like (best by best, median by median): on a
 * machine shared with other work the fastest run is the least disturbed, while the median shows
 * what a typical run gets.
 */
public final class GenerateBenchmark {

    /** What the machine can do: the best and the median of repeated measurements. */
    public record Limits(double matmulGflops, double readGBps, double matmulGflopsMedian, double readGBpsMedian) {
    }

    /** A throughput (or speed) as the best and the median over repetitions. */
    record Figure(double best, double median) {
        static Figure of(double[] values) {
            double[] v = values.clone();
            java.util.Arrays.sort(v);
            return new Figure(v[v.length - 1], GenerateBenchmark.median(v));
        }

        Figure times(double k) {
            return new Figure(best * k, median * k);
        }
    }

    private static double median(double[] sorted) {
        int n = sorted.length;
        return n % 2 == 1 ? sorted[n / 2] : (sorted[n / 2 - 1] + sorted[n / 2]) / 2;
    }

    private final PrintStream out;
    private final int decodeSteps;

    public GenerateBenchmark(PrintStream out, int decodeSteps) {
        this.out = out;
        this.decodeSteps = decodeSteps;
    }

    /** A Llama-architecture config of about 100M parameters (hidden 768, 12 layers, GQA 12/4, vocab 16384). */
    public static ModelConfig llama100m() {
        return new ModelConfig(Architecture.LLAMA, 16384, 768, 2048, 12, 12, 4, 64, 1e-5, "silu",
                new RopeConfig(500000, "default", 1, 1, 4, 8192, 64), false, false, false, false, null, List.of(), 4096);
    }

    public static Limits measureLimits(NDManager manager) {
        int n = 2048;
        try (NDManager m = manager.newSubManager()) {
            NDArray a = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
            NDArray b = m.randomUniform(-1f, 1f, new Shape(n, n), DataType.FLOAT32);
            for (int i = 0; i < 3; i++) {
                a.matMul(b).close();
            }
            double[] gflops = new double[10];
            for (int i = 0; i < gflops.length; i++) {
                long t0 = System.nanoTime();
                a.matMul(b).close();
                gflops[i] = 2.0 * n * n * n / (System.nanoTime() - t0);
            }
            long elems = 64L << 20; // 256 MiB of float32, far beyond any cache
            NDArray big = m.randomUniform(0f, 1f, new Shape(elems), DataType.FLOAT32);
            big.sum().close();
            double[] gbps = new double[15];
            for (int i = 0; i < gbps.length; i++) {
                long t0 = System.nanoTime();
                big.sum().close();
                gbps[i] = elems * 4.0 / (System.nanoTime() - t0);
            }
            Figure matmul = Figure.of(gflops);
            Figure read = Figure.of(gbps);
            return new Limits(matmul.best(), read.best(), matmul.median(), read.median());
        }
    }

    public void run(String label, LlmEngine engine, Limits limits, long seed) {
        Transformer model = engine.model();
        ModelConfig c = model.config();
        long params = model.parameterCount();
        long matmulParams = params - (long) c.vocabSize() * c.hidden(); // the embedding lookup is no matmul
        out.printf("%n== %s: %s, %,d parameters, hidden %d, %d layers, heads %d/%d, vocab %d ==%n", label,
                c.architecture().hfName(), params, c.hidden(), c.layers(), c.heads(), c.kvHeads(), c.vocabSize());
        Random random = new Random(seed);

        // prefill: one sequence of 256 tokens
        int prompt = 256;
        int[] ids = randomIds(random, prompt, c.vocabSize());
        timePrefill(engine, ids, 1);
        Figure prefillTps = timePrefill(engine, ids, 5).times(prompt);
        Figure prefillGflops = prefillTps.times(2.0 * matmulParams / 1e9);
        out.printf("prefill (256 tokens, batch 1, 5 runs): best %,.0f tokens/s = %.1f GFLOP/s = %.0f%% of the matmul limit;"
                        + " median %,.0f tokens/s = %.0f%% of the median limit (target >= 50%%)%n",
                prefillTps.best(), prefillGflops.best(), 100 * prefillGflops.best() / limits.matmulGflops(),
                prefillTps.median(), 100 * prefillGflops.median() / limits.matmulGflopsMedian());

        Figure batch1 = null;
        for (int batch : new int[] {1, 8, 32}) {
            Figure tps = decodeTokensPerSecond(engine, batch, 32, random, Collections.nCopies(batch, (String) null));
            if (batch == 1) {
                batch1 = tps;
                Figure gbps = tps.times(matmulParams * 4.0 / 1e9);
                out.printf("decode batch 1 (%d steps): best %,.1f tokens/s = %.2f GB/s of weights = %.0f%% of the read bandwidth;"
                                + " median %,.1f tokens/s = %.0f%% of the median bandwidth (target >= 50%%)%n", decodeSteps,
                        tps.best(), gbps.best(), 100 * gbps.best() / limits.readGBps(), tps.median(), 100 * gbps.median() / limits.readGBpsMedian());
            } else {
                out.printf("decode batch %d: best %,.1f tokens/s = %.1fx batch 1; median %,.1f tokens/s = %.1fx%s%n", batch,
                        tps.best(), tps.best() / batch1.best(), tps.median(), tps.median() / batch1.median(), batch == 32 ? " (target >= 8x)" : "");
            }
        }

        // multi-LoRA: batch 8, every row on one of 4 adapters, against the same batch on the base
        if (!engine.adapters().isEmpty()) {
            List<String> names = new ArrayList<>(engine.adapters().keySet());
            List<String> mixed = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                mixed.add(names.get(i % names.size()));
            }
            // alternate base and LoRA runs so that both see the same spells of load; best and median over all their steps
            List<Double> base = new ArrayList<>();
            List<Double> lora = new ArrayList<>();
            for (int r = 0; r < 2; r++) {
                base.addAll(decodeStepRates(engine, 8, 32, random, Collections.nCopies(8, (String) null)));
                lora.addAll(decodeStepRates(engine, 8, 32, random, mixed));
            }
            Figure b = Figure.of(base.stream().mapToDouble(Double::doubleValue).toArray());
            Figure l = Figure.of(lora.stream().mapToDouble(Double::doubleValue).toArray());
            out.printf("multi-LoRA decode batch 8 over %d adapters (r=%d): best %,.1f tokens/s vs base-only %,.1f: cost %.0f%%;"
                            + " median %,.1f vs %,.1f: cost %.0f%% (target <= 25%%)%n", names.size(), engine.adapters().get(names.get(0)).config().r(),
                    l.best(), b.best(), 100 * (b.best() / l.best() - 1), l.median(), b.median(), 100 * (b.median() / l.median() - 1));
        }

        // prefix cache: 4 questions over one 3-shot Spider prefix, prefill only
        if (engine.tokenizer() != null) {
            List<int[]> prompts = new ArrayList<>();
            int prefixTokens = 0;
            for (int q = 0; q < 4; q++) {
                RenderedPrompt p = spiderPrompt(q);
                int[] full = clamp(engine.tokenizer().encodePrompt(p.text(), false), c.vocabSize());
                int[] prefix = clamp(engine.tokenizer().encodePrompt(p.prefixText(), false), c.vocabSize());
                int n = 0;
                while (n < prefix.length && prefix[n] == full[n]) {
                    n++;
                }
                prefixTokens = Math.max(0, n - 1);
                prompts.add(full);
            }
            double off = timeFirstTokens(engine, prompts, 0, false);
            engine.prefixCache().clear();
            timeFirstTokens(engine, prompts.subList(0, 1), prefixTokens, true); // fills the cache
            double on = timeFirstTokens(engine, prompts, prefixTokens, true);
            out.printf("prefix cache, 3-shot Spider prompt (%d tokens, %d shared): 4 prompts in %.3f s without, %.3f s with: %.1fx faster%n",
                    prompts.get(0).length, prefixTokens, off, on, off / on);
            engine.prefixCache().clear();
        }
    }

    private static int[] clamp(int[] ids, int vocab) {
        for (int i = 0; i < ids.length; i++) {
            ids[i] = ids[i] % vocab;
        }
        return ids;
    }

    private static int[] randomIds(Random random, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    /** Runs per second over {@code reps} runs, best and median. */
    private Figure timePrefill(LlmEngine engine, int[] ids, int reps) {
        double[] rates = new double[reps];
        for (int r = 0; r < reps; r++) {
            long t0 = System.nanoTime();
            try (NDManager step = engine.manager().newSubManager(); KvCache cache = new KvCache(engine.manager(), engine.config(), 1, ids.length)) {
                engine.model().forward(step, new long[][] {LlmEngine.toLongs(ids)}, Transformer.Placement.single(0, 0), cache,
                        LoraRouting.none(), true).toFloatArray();
            }
            rates[r] = 1e9 / (System.nanoTime() - t0);
        }
        return Figure.of(rates);
    }

    private Figure decodeTokensPerSecond(LlmEngine engine, int batch, int context, Random random, List<String> adapters) {
        return Figure.of(decodeStepRates(engine, batch, context, random, adapters).stream().mapToDouble(Double::doubleValue).toArray());
    }

    /** Steady decode: every row holds a prompt of {@code context} tokens, then all rows step together; tokens/s of each timed step. */
    private List<Double> decodeStepRates(LlmEngine engine, int batch, int context, Random random, List<String> adapters) {
        ModelConfig c = engine.config();
        try (KvCache cache = new KvCache(engine.manager(), c, batch, context + decodeSteps + 4)) {
            for (int b = 0; b < batch; b++) {
                try (NDManager step = engine.manager().newSubManager()) {
                    engine.model().forward(step, new long[][] {LlmEngine.toLongs(randomIds(random, context, c.vocabSize()))},
                            Transformer.Placement.single(b, 0), cache, LoraRouting.of(step, Collections.singletonList(adapterOrBase(engine, adapters.get(b)))), true);
                }
            }
            List<LoraAdapter> rowAdapters = new ArrayList<>();
            for (String a : adapters) {
                rowAdapters.add(adapterOrBase(engine, a));
            }
            long[][] tokens = new long[batch][1];
            int[] starts = new int[batch];
            int warm = 2;
            double[] stepSeconds = new double[decodeSteps];
            for (int s = 0; s < decodeSteps + warm; s++) {
                long t0 = System.nanoTime();
                for (int b = 0; b < batch; b++) {
                    starts[b] = context + s;
                }
                try (NDManager step = engine.manager().newSubManager()) {
                    long[] next = engine.model().forward(step, tokens, new Transformer.Placement(0, starts), cache,
                            LoraRouting.of(step, rowAdapters, engine.loraStacks()), true).argMax(1).toLongArray();
                    for (int b = 0; b < batch; b++) {
                        tokens[b][0] = next[b];
                    }
                }
                if (s >= warm) {
                    stepSeconds[s - warm] = (System.nanoTime() - t0) / 1e9;
                }
            }
            List<Double> rates = new ArrayList<>();
            for (double seconds : stepSeconds) {
                rates.add(batch / seconds);
            }
            return rates;
        }
    }

    private static LoraAdapter adapterOrBase(LlmEngine engine, String name) {
        return name == null ? null : engine.adapter(name);
    }

    /** Time to the first token of each prompt, the fastest prompt's time times the number of prompts. */
    private static double timeFirstTokens(LlmEngine engine, List<int[]> prompts, int prefixTokens, boolean cache) {
        double best = Double.MAX_VALUE;
        for (int[] p : prompts) {
            List<GenerationRequest> one = List.of(new GenerationRequest(null, p, cache ? prefixTokens : 0, 1, List.of(), Sampling.GREEDY));
            long t0 = System.nanoTime();
            if (cache) {
                engine.generate(one, 1);
            } else {
                engine.withoutPrefixCache(() -> engine.generate(one, 1));
            }
            best = Math.min(best, (System.nanoTime() - t0) / 1e9);
        }
        return best * prompts.size();
    }

    /** A 3-shot Spider prompt in plain text (the bench model has no chat template) for question number q. */
    static RenderedPrompt spiderPrompt(int q) {
        List<SchemaTable> tables = List.of(
                new SchemaTable("stadium", List.of(new SchemaColumn("stadium_id", "number", true), new SchemaColumn("location", "text", false),
                        new SchemaColumn("name", "text", false), new SchemaColumn("capacity", "number", false)), List.of()),
                new SchemaTable("singer", List.of(new SchemaColumn("singer_id", "number", true), new SchemaColumn("name", "text", false),
                        new SchemaColumn("country", "text", false), new SchemaColumn("age", "number", false)), List.of()),
                new SchemaTable("concert", List.of(new SchemaColumn("concert_id", "number", true), new SchemaColumn("stadium_id", "text", false),
                        new SchemaColumn("year", "text", false)), List.of("stadium_id = stadium.stadium_id")));
        String schema = SchemaText.render(tables);
        StringBuilder sb = new StringBuilder("You are a SQLite expert.\n\n");
        String[][] shots = {{"How many singers do we have?", "SELECT count(*) FROM singer"},
                {"What is the average age of singers from France?", "SELECT avg(age) FROM singer WHERE country = 'France'"},
                {"Show the stadium names with capacity above 5000.", "SELECT name FROM stadium WHERE capacity > 5000"}};
        for (String[] s : shots) {
            sb.append("Database schema:\n").append(schema).append("\n\nQuestion: ").append(s[0]).append("\nSQL: ").append(s[1]).append("\n\n");
        }
        sb.append("Database schema:\n").append(schema).append("\n\nQuestion: ");
        int prefix = sb.length();
        sb.append("Which concerts happened in year ").append(2000 + q).append("?\nSQL:");
        return new RenderedPrompt("bench", sb.toString(), prefix, false);
    }

    /** Loads a model folder (the fixture) with random adapters for the multi-LoRA figure. */
    public static LlmEngine fixture(Path dir) throws java.io.IOException {
        ModelConfig config = ModelConfig.read(dir);
        NDManager manager = NDManager.newBaseManager();
        try (Checkpoint checkpoint = Checkpoint.openModelDir(dir)) {
            Transformer model = Transformer.load(config, checkpoint, manager);
            return LlmEngine.of(model, TextTokenizer.load(dir, config.eosTokenIds()), randomAdapters(model, manager), 64);
        }
    }

    /** A random 100M Llama, with the fixture's tokenizer (ids fold into its vocabulary) for the Spider prompt. */
    public static LlmEngine random100m(Path tokenizerDir, long seed) throws java.io.IOException {
        NDManager manager = NDManager.newBaseManager();
        Transformer model = Transformer.random(llama100m(), seed, manager);
        TextTokenizer tok = tokenizerDir == null ? null : TextTokenizer.load(tokenizerDir, List.of());
        return LlmEngine.of(model, tok, randomAdapters(model, manager), 64);
    }

    private static Map<String, LoraAdapter> randomAdapters(Transformer model, NDManager manager) {
        Map<String, LoraAdapter> adapters = new LinkedHashMap<>();
        for (int i = 0; i < 4; i++) {
            adapters.put("lora" + i, LoraAdapter.random("lora" + i, model.linearShapes(),
                    List.of("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"), 16, 32, manager));
        }
        return adapters;
    }

    /** The whole benchmark: limits, then the fixture model (if given), then the random 100M Llama. */
    public static void runAll(PrintStream out, Path fixtureDir, int decodeSteps, boolean skipLarge) throws java.io.IOException {
        out.println("engine: " + engineDescription());
        Limits limits;
        try (NDManager m = NDManager.newBaseManager()) {
            limits = measureLimits(m);
        }
        out.printf("machine limits (measured now, best / median of 10 and 15): f32 matmul %.1f / %.1f GFLOP/s (2048x2048x2048),"
                        + " memory read %.2f / %.2f GB/s (sum over 256 MiB)%n",
                limits.matmulGflops(), limits.matmulGflopsMedian(), limits.readGBps(), limits.readGBpsMedian());
        GenerateBenchmark bench = new GenerateBenchmark(out, decodeSteps);
        if (fixtureDir != null) {
            try (LlmEngine e = fixture(fixtureDir)) {
                bench.run("fixture " + fixtureDir, e, limits, 1);
            }
        }
        if (!skipLarge) {
            try (LlmEngine e = random100m(fixtureDir, 7)) {
                bench.run("random Llama ~100M", e, limits, 2);
            }
        }
    }

    public static void main(String[] args) throws Exception {
        runAll(System.out, args.length > 0 ? Path.of(args[0]) : null, args.length > 1 ? Integer.parseInt(args[1]) : 16,
                args.length > 2 && args[2].equals("--skip-large"));
    }

    public static String engineDescription() {
        Engine e = Engine.getInstance();
        return e.getEngineName() + " " + e.getVersion() + ", threads " + Runtime.getRuntime().availableProcessors() + " cores";
    }
}
