package io.evalstream.generator.bench;

import io.evalstream.generator.engine.EngineOptions;
import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.engine.Generation;
import io.evalstream.generator.engine.GenerationRequest;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The engine against the transformers/peft references of the generator's fixtures on any device
 * and dtype: max |Δlogit| per architecture and variant, and greedy tokens compared up to the first
 * step where the reference's top two logits are closer than the tolerance (there rounding may pick
 * either). Float32 runs compare with {@code reference.*}, float16 runs with {@code reference_f16.*}
 * (scripts/make_f16_references.py). The JUnit tests hold the CPU to the same bounds; this prints the
 * figures where no test runs, e.g. on a GPU machine.
 */
public final class FixtureParity {

    private static final ObjectMapper JSON = new ObjectMapper();

    private FixtureParity() {
    }

    /** Greedy steps whose reference top-two logits are closer than this may pick either token. */
    private static final double MARGIN = 2e-2;

    /**
     * Returns the largest |Δlogit| seen in units of the reference's logit standard deviation at that
     * position (at least 1), after printing one line per variant: float16 differences scale with the logits.
     */
    public static double run(PrintStream out, Path fixtures, EngineOptions options, double tolerance) throws IOException {
        double worst = 0;
        for (String arch : List.of("llama3", "mistral", "qwen2", "phi")) {
            Path dir = fixtures.resolve(arch);
            boolean half = options.dtype().equals("float16");
            Path refJson = dir.resolve(half ? "reference_f16.json" : "reference.json");
            if (!Files.exists(refJson)) {
                out.printf("%s: no %s (make it with scripts/make_f16_references.py)%n", arch, refJson.getFileName());
                continue;
            }
            JsonNode ref = JSON.readTree(refJson.toFile());
            Map<String, Path> adapters = new LinkedHashMap<>();
            ref.path("variants").fieldNames().forEachRemaining(v -> {
                if (!v.equals("base")) {
                    adapters.put(v, dir.resolve("adapter_" + v));
                }
            });
            try (LlmEngine engine = LlmEngine.load(dir.resolve("base"), adapters, options);
                 Checkpoint logits = Checkpoint.openFile(dir.resolve(half ? "reference_f16.safetensors" : "reference.safetensors"));
                 NDManager cpu = NDManager.newBaseManager(Device.cpu())) {
                for (Map.Entry<String, JsonNode> e : iterable(ref.path("variants"))) {
                    String variant = e.getKey();
                    String adapter = variant.equals("base") ? null : variant;
                    double max = 0;
                    double worstScaled = 0;
                    int compared = 0;
                    int wrong = 0;
                    List<GenerationRequest> greedy = new ArrayList<>();
                    List<JsonNode> prompts = new ArrayList<>();
                    int i = 0;
                    for (JsonNode p : e.getValue().path("prompts")) {
                        int[] ids = ids(p.path("ids"));
                        float[][] got = engine.logits(adapter, ids);
                        float[] want = logits.load(cpu, variant + ".logits." + i++).toFloatArray();
                        int v = got[0].length;
                        for (int t = 0; t < ids.length; t++) {
                            double sd = Math.max(1, standardDeviation(want, t * v, v)); // differences scale with the logits
                            for (int j = 0; j < v; j++) {
                                max = Math.max(max, Math.abs(got[t][j] - want[t * v + j]));
                                worstScaled = Math.max(worstScaled, Math.abs(got[t][j] - want[t * v + j]) / sd);
                            }
                        }
                        greedy.add(GenerationRequest.greedy(adapter, ids, p.path("greedy").size()));
                        prompts.add(p);
                    }
                    List<Generation> gens = engine.generate(greedy, 4);
                    for (int k = 0; k < gens.size(); k++) {
                        int[] expected = ids(prompts.get(k).path("greedy"));
                        JsonNode margins = prompts.get(k).path("margins");
                        double minMargin = prompts.get(k).path("greedy_min_margin").asDouble(Double.MAX_VALUE);
                        int[] tokens = gens.get(k).tokens();
                        for (int s = 0; s < expected.length && s < tokens.length; s++) {
                            double margin = margins.isArray() && margins.size() > s ? margins.get(s).asDouble() : minMargin;
                            compared++;
                            if (tokens[s] != expected[s]) {
                                wrong += margin >= MARGIN ? 1 : 0;
                                break;
                            }
                            if (margin < MARGIN) {
                                break; // the reference's top two are within rounding of each other: either token is right, and the rest may differ
                            }
                        }
                    }
                    worst = Math.max(worst, worstScaled);
                    out.printf("%s %-5s %s on %s: max |logit diff| %.2e = %.2e logit standard deviations (tolerance %.0e) %s; greedy: %d steps"
                                    + " compared, %d differ where the reference's top two are further apart than %.0e%n", arch, variant,
                            engine.precision().configName(), engine.runtime().device(), max, worstScaled, tolerance,
                            worstScaled <= tolerance ? "ok" : "OVER", compared, wrong, MARGIN);
                }
            }
        }
        return worst;
    }

    /** Population standard deviation of {@code a[from, from + n)}: the scale of one position's logits. */
    public static double standardDeviation(float[] a, int from, int n) {
        double mean = 0;
        for (int i = 0; i < n; i++) {
            mean += a[from + i];
        }
        mean /= n;
        double var = 0;
        for (int i = 0; i < n; i++) {
            var += (a[from + i] - mean) * (a[from + i] - mean);
        }
        return Math.sqrt(var / n);
    }

    private static Iterable<Map.Entry<String, JsonNode>> iterable(JsonNode node) {
        return node::fields;
    }

    private static int[] ids(JsonNode array) {
        int[] out = new int[array.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = array.get(i).asInt();
        }
        return out;
    }
}
