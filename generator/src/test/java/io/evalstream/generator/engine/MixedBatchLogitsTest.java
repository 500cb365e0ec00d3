package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import com.fasterxml.jackson.databind.JsonNode;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logits of a decode batch whose rows run the base model and two adapters side by side, each row
 * at its own position, equal the reference logits of each variant to 1e-4. The rows' first tokens
 * come from the prefix cache.
 */
class MixedBatchLogitsTest {

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "mistral", "qwen2", "phi"})
    void mixedBatchMatchesEachVariant(String arch) throws Exception {
        JsonNode ref = Fixtures.reference(arch);
        Map<String, float[]> expected = Fixtures.referenceLogits(arch);
        String[] variants = {"base", "attn", "mlp", "attn", "base", "mlp"};
        int[] promptOf = {0, 1, 2, 0, 1, 2};
        int rows = variants.length;
        try (LlmEngine engine = LlmEngine.load(Fixtures.base(arch), Fixtures.adapters(arch), 16)) {
            int v = engine.config().vocabSize();
            ContinuousBatcher generator = new ContinuousBatcher(engine);
            int[][] prompts = new int[rows][];
            int[] lengths = new int[rows];
            List<LoraAdapter> adapters = new ArrayList<>();
            double max = 0;
            try (KvCache cache = new KvCache(engine.manager(), engine.config(), rows, 64)) {
                for (int r = 0; r < rows; r++) {
                    prompts[r] = Fixtures.ids(ref.path("variants").path(variants[r]).path("prompts").get(promptOf[r]).path("ids"));
                    String adapter = Fixtures.variantName(variants[r]);
                    adapters.add(engine.adapter(adapter));
                    lengths[r] = 4 + r % 3; // rows start decoding at different positions
                    try (NDManager step = engine.manager().newSubManager()) {
                        // the first 3 tokens are a cacheable prefix: the second row of each variant reuses it
                        generator.prefill(step, adapter, engine.adapter(adapter), Arrays.copyOf(prompts[r], lengths[r]), 3, cache, r);
                    }
                }
                assertTrue(engine.prefixCache().hits() > 0, "rows reused cached prefixes");
                for (int s = 0; s < 6; s++) {
                    long[][] tokens = new long[rows][1];
                    int[] starts = new int[rows];
                    for (int r = 0; r < rows; r++) {
                        tokens[r][0] = prompts[r][lengths[r]];
                        starts[r] = lengths[r];
                    }
                    try (NDManager step = engine.manager().newSubManager()) {
                        float[] logits = engine.model().forward(step, tokens, new Transformer.Placement(0, starts), cache,
                                LoraRouting.of(step, adapters, engine.loraStacks()), true).toFloatArray();
                        for (int r = 0; r < rows; r++) {
                            float[] want = expected.get(variants[r] + ".logits." + promptOf[r]);
                            int pos = lengths[r];
                            for (int j = 0; j < v; j++) {
                                max = Math.max(max, Math.abs(logits[r * v + j] - want[pos * v + j]));
                            }
                        }
                    }
                    for (int r = 0; r < rows; r++) {
                        lengths[r]++;
                    }
                }
            }
            System.out.printf("%s mixed batch of %d rows (base, attn, mlp): max |logit diff| = %.2e%n", arch, rows, max);
            assertTrue(max <= ReferenceLogitsTest.TOLERANCE, arch + ": " + max);
        }
    }
}
