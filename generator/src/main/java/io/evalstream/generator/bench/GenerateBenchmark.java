package io.evalstream.generator.bench;

import io.evalstream.generator.engine.BatchStats;
import io.evalstream.generator.engine.Generation;
import io.evalstream.generator.engine.GenerationRequest;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.TransformerConfig;
import io.evalstream.generator.engine.Precision;
import io.evalstream.generator.engine.Sampling;
import io.evalstream.generator.engine.KvCache;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Random;

/**
 * The engine's throughput on the workloads its users run, printed with the engine's own accounting
 * so the same figures come out on a CPU or a GPU: prompts of P random tokens with N new tokens
 * (greedy, end-of-sequence ignored, so every engine generates exactly N) at several batch sizes; the
 * same batch split over the base model and two adapters; optionally a prompt file (the Spider
 * 3-shot workload) with and without the prefix cache. Tokens/s count generated tokens over the
 * whole call, prefill included, as a timing of transformers' {@code generate} does.
 */
public final class GenerateBenchmark {

    /** The sizes of the random-prompt workload. */
    public record Workload(int promptTokens, int newTokens, int[] batches, int singleRowPrompts) {
    }

    private final PrintStream out;
    private final LlmEngine engine;

    public GenerateBenchmark(PrintStream out, LlmEngine engine) {
        this.out = out;
        this.engine = engine;
    }

    public void header(String label) {
        TransformerConfig c = engine.config();
        out.printf("%n== %s: %s, %,d parameters, hidden %d, %d layers, heads %d/%d, vocab %d, %d adapter(s) ==%n", label,
                c.architecture().hfName(), engine.model().parameterCount(), c.hidden(), c.layers(), c.heads(), c.kvHeads(),
                c.vocabSize(), engine.adapters().size());
        out.printf("device: %s; dtype %s%n", engine.runtime().describe(), engine.precision().configName());
        if (engine.conversion().values() > 0) {
            out.printf("float16 conversion of the checkpoint: %s%n", engine.conversion().describe());
        }
    }

    /** Random prompts at each batch size; returns each batch size's greedy outputs for the invariance check. */
    public List<List<int[]>> randomPrompts(Workload w, long seed) {
        Random random = new Random(seed);
        int largest = Arrays.stream(w.batches()).max().orElse(1);
        List<int[]> prompts = new ArrayList<>();
        for (int i = 0; i < largest; i++) {
            prompts.add(randomIds(random, w.promptTokens(), engine.config().vocabSize()));
        }
        run(prompts.subList(0, 1), w.newTokens(), 1, Collections.nCopies(1, null)); // warm-up: kernels, allocator
        List<List<int[]>> outputs = new ArrayList<>();
        double base32 = 0;
        for (int batch : w.batches()) {
            List<int[]> these = prompts.subList(0, batch == 1 ? Math.min(w.singleRowPrompts(), largest) : batch);
            Result r = run(these, w.newTokens(), batch, Collections.nCopies(these.size(), null));
            outputs.add(r.tokens());
            report(String.format("%d/%d batch %d (%d prompts)", w.promptTokens(), w.newTokens(), batch, these.size()), r);
            base32 = batch == largest ? r.tokensPerSecond() : base32;
        }
        if (!engine.adapters().isEmpty()) {
            List<String> names = new ArrayList<>(engine.adapters().keySet());
            List<String> mixed = new ArrayList<>();
            for (int i = 0; i < largest; i++) {
                mixed.add(i % (names.size() + 1) == 0 ? null : names.get(i % (names.size() + 1) - 1));
            }
            Result r = run(prompts, w.newTokens(), largest, mixed);
            report(String.format("%d/%d batch %d mixed: base + %d adapters", w.promptTokens(), w.newTokens(), largest, names.size()), r);
            out.printf("  multi-LoRA mixed batch: %.0f%% of base-only tokens/s (%.1f%% slower)%n", 100 * r.tokensPerSecond() / base32,
                    100 * (base32 / r.tokensPerSecond() - 1));
        }
        return outputs;
    }

    /** A prompt file's workload with the prefix cache on, then off. */
    public void promptFile(BenchPrompts prompts, int newTokens, int batch) {
        List<int[]> ids = new ArrayList<>();
        List<String> adapters = new ArrayList<>();
        List<Integer> prefixes = new ArrayList<>();
        for (BenchPrompts.Prompt p : prompts.prompts()) {
            ids.add(clamp(p.ids(), engine.config().vocabSize()));
            adapters.add(p.adapter() != null && engine.adapters().containsKey(p.adapter()) ? p.adapter() : null);
            prefixes.add(p.prefix());
        }
        engine.prefixCache().clear();
        Result on = run(ids, newTokens, batch, adapters, prefixes);
        report(String.format("%s: %d prompts, %d new tokens, batch %d, prefix cache on", prompts.name(), ids.size(), newTokens, batch), on);
        engine.prefixCache().clear();
        Result off = engine.withoutPrefixCache(() -> run(ids, newTokens, batch, adapters, prefixes));
        report(String.format("%s: prefix cache off", prompts.name()), off);
        out.printf("  prefix cache: %.1fx the tokens/s%n", on.tokensPerSecond() / off.tokensPerSecond());
    }

    /** Greedy outputs at different batch sizes: identical for the prompts every size ran? */
    public void batchInvariance(Workload w, List<List<int[]>> outputs) {
        int common = outputs.stream().mapToInt(List::size).min().orElse(0);
        int differing = 0;
        for (int i = 0; i < common; i++) {
            for (List<int[]> o : outputs) {
                if (!Arrays.equals(o.get(i), outputs.get(0).get(i))) {
                    differing++;
                    break;
                }
            }
        }
        out.printf("batch invariance (%s): %d of %d prompts' greedy tokens identical across batch sizes %s%n",
                engine.precision().configName(), common - differing, common, Arrays.toString(w.batches()));
    }

    /** The engine's accounting beside the device's own reading; {@code baseline} is what the process used before any weight. */
    public void memory(long baseline) {
        LlmEngine.Memory m = engine.memory();
        out.printf("memory (engine's accounting): weights %s, adapter factors %s, KV cache %s (largest run), prefixes %s: %s in all%n",
                gb(m.weights()), gb(m.adapters()), gb(m.kvCache()), gb(m.prefixCache()), gb(m.accounted()));
        if (m.deviceTotal() > 0) {
            long used = m.devicePeak() - baseline;
            out.printf("device memory at peak, less the %s in use before loading (CUDA context, libraries): %s = accounted + %.1f%%"
                            + " (activations, allocator cache and fragmentation included)%n", gb(baseline), gb(used),
                    100.0 * (used - m.accounted()) / m.accounted());
        }
    }

    /** The 24 GB question by the same arithmetic the engine accounts with. */
    public static void fitCheck(PrintStream out, String shape, int adapters, int rank, int sequences, int tokens) {
        TransformerConfig c = ModelShapes.of(shape);
        long weights = ModelShapes.parameters(c) * Precision.FLOAT16.bytes();
        long lora = adapters * ModelShapes.loraParameters(c, rank) * Precision.FLOAT16.bytes();
        long kv = KvCache.bytes(c, sequences, tokens, Precision.FLOAT16.dataType());
        long total = weights + lora + kv;
        out.printf("fit: %s in float16 = %s weights + %d adapters r=%d on every linear module %s + KV of %d x %d tokens %s = %s;"
                        + " with 10%% overhead %s: %s a 24 GB card%n", shape, gb(weights), adapters, rank, gb(lora), sequences, tokens,
                gb(kv), gb(total), gb((long) (total * 1.1)), total * 1.1 <= 24e9 ? "fits" : "does NOT fit");
    }

    record Result(List<int[]> tokens, double seconds, long generated, BatchStats stats) {
        double tokensPerSecond() {
            return generated / seconds;
        }
    }

    private Result run(List<int[]> prompts, int newTokens, int batch, List<String> adapters) {
        return run(prompts, newTokens, batch, adapters, Collections.nCopies(prompts.size(), 0));
    }

    private Result run(List<int[]> prompts, int newTokens, int batch, List<String> adapters, List<Integer> prefixes) {
        List<GenerationRequest> requests = new ArrayList<>();
        for (int i = 0; i < prompts.size(); i++) {
            requests.add(new GenerationRequest(adapters.get(i), prompts.get(i), prefixes.get(i), newTokens, List.of(), Sampling.GREEDY, true));
        }
        engine.stats().reset();
        long t0 = System.nanoTime();
        List<Generation> gens = engine.generate(requests, batch);
        double seconds = (System.nanoTime() - t0) / 1e9;
        engine.sampleDeviceMemory();
        long generated = gens.stream().mapToLong(g -> g.tokens().length).sum();
        return new Result(gens.stream().map(Generation::tokens).toList(), seconds, generated, engine.stats());
    }

    private void report(String label, Result r) {
        BatchStats s = r.stats();
        out.printf("%-58s %9.1f tokens/s  (%.2f s; prefill %,.0f tokens/s in %d calls; decode step %.2f ms, %.0f arrays + %.0f in-place native ops,"
                        + " %.1f copies to the host per step)%n", label, r.tokensPerSecond(), r.seconds(),
                s.prefillTokens() / Math.max(1e-9, s.prefillSeconds()), s.prefillCalls(), s.decodeStepMillis(), s.arraysPerDecodeStep(),
                s.inPlacePerDecodeStep(), s.copiesPerDecodeStep());
    }

    static String gb(long bytes) {
        return String.format("%.2f GB", bytes / 1e9);
    }

    static int[] randomIds(Random random, int n, int vocab) {
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = random.nextInt(vocab);
        }
        return ids;
    }

    private static int[] clamp(int[] ids, int vocab) {
        int[] out = ids.clone();
        for (int i = 0; i < out.length; i++) {
            out[i] = out[i] % vocab;
        }
        return out;
    }
}
