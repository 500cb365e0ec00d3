package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.generator.bench.FixtureParity;
import io.evalstream.generator.engine.device.DeviceChoice;
import io.evalstream.generator.engine.weights.Checkpoint;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The float16 path against transformers and peft running the same fixtures in float16 on a GPU
 * (reference_f16.*, from scripts/make_f16_references.py). Here it runs on the CPU; the kernels
 * differ, so the bound is float16 rounding carried through the network: at each position,
 * |Δlogit| ≤ 3e-2 · max(1, σ), σ the standard deviation of the reference's logits at that position.
 * For the Llama, Mistral and Phi fixtures σ ≈ 1, so the bound is 3e-2 (the largest difference is
 * 1.9e-2); the Qwen2 fixture's logits are eight times larger (σ ≈ 8, up to 56, where one float16 unit
 * in the last place is 0.03), and its differences scale with them. Greedy tokens must be identical
 * up to the first step where the reference's top two logits are closer than 2e-2 (there either
 * token is right); the same with all variants mixed in one batch and with the prefix cache.
 */
class HalfPrecisionReferenceTest {

    static final double TOLERANCE = 3e-2;
    static final double MARGIN = 2e-2;

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "mistral", "qwen2", "phi"})
    void float16MatchesTransformersInFloat16(String arch) throws Exception {
        JsonNode ref = new ObjectMapper().readTree(Fixtures.root().resolve(arch).resolve("reference_f16.json").toFile());
        EngineOptions options = new EngineOptions(DeviceChoice.CPU, "float16", 16, 0);
        try (LlmEngine engine = LlmEngine.load(Fixtures.base(arch), Fixtures.adapters(arch), options);
             Checkpoint logits = Checkpoint.openFile(Fixtures.root().resolve(arch).resolve("reference_f16.safetensors"));
             NDManager cpu = NDManager.newBaseManager(Device.cpu())) {
            assertTrue(engine.precision() == Precision.FLOAT16);
            double worst = 0;
            double worstAbsolute = 0;
            List<GenerationRequest> requests = new ArrayList<>();
            List<JsonNode> expected = new ArrayList<>();
            for (String variant : ReferenceGenerationTest.VARIANTS) {
                String adapter = Fixtures.variantName(variant);
                int i = 0;
                for (JsonNode p : ref.path("variants").path(variant).path("prompts")) {
                    int[] ids = Fixtures.ids(p.path("ids"));
                    float[][] got = engine.logits(adapter, ids);
                    float[] want = logits.load(cpu, variant + ".logits." + i++).toFloatArray();
                    int v = got[0].length;
                    for (int t = 0; t < ids.length; t++) {
                        double bound = TOLERANCE * Math.max(1, FixtureParity.standardDeviation(want, t * v, v));
                        for (int j = 0; j < v; j++) {
                            double diff = Math.abs(got[t][j] - want[t * v + j]);
                            worstAbsolute = Math.max(worstAbsolute, diff);
                            worst = Math.max(worst, diff / bound);
                        }
                    }
                    requests.add(new GenerationRequest(adapter, ids, ids.length - 3, ReferenceGenerationTest.STEPS, List.of(), Sampling.GREEDY));
                    expected.add(p);
                }
            }
            System.out.printf("%s float16 on the CPU vs transformers float16 on a GPU: max |logit diff| %.2e, %.2f of the bound%n",
                    arch, worstAbsolute, worst);
            assertTrue(worst <= 1, arch + ": a logit differs by more than " + TOLERANCE + "·max(1, σ) (" + worst + " of the bound)");
            // one at a time, then every variant mixed in one batch with the prefix cache filling and then serving
            check(arch + " one at a time", engine.generate(requests, 1), expected, engine);
            check(arch + " mixed batch, prefix cache", engine.generate(requests, requests.size()), expected, engine);
            check(arch + " mixed batch, prefix cache warm", engine.generate(requests, requests.size()), expected, engine);
            assertTrue(engine.prefixCache().hits() > 0);
        }
    }

    private static void check(String how, List<Generation> got, List<JsonNode> expected, LlmEngine engine) {
        for (int k = 0; k < got.size(); k++) {
            int[] want = Fixtures.ids(expected.get(k).path("greedy"));
            JsonNode margins = expected.get(k).path("margins");
            int[] tokens = got.get(k).tokens();
            for (int s = 0; s < want.length; s++) {
                if (engine.tokenizer().eosIds().contains(want[s])) {
                    break; // the engine stops at end-of-sequence; the reference went on
                }
                if (margins.get(s).asDouble() < MARGIN) {
                    break; // the reference's top two are within rounding of each other: either is right, and the rest may differ
                }
                assertTrue(s < tokens.length && tokens[s] == want[s], how + ", prompt " + k + ": step " + s + " chose "
                        + (s < tokens.length ? tokens[s] : "nothing") + ", the reference " + want[s] + " (margin " + margins.get(s).asDouble() + ")");
            }
        }
    }
}
