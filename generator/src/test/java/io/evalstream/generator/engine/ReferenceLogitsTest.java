package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Logits of every position equal transformers' (and peft's) to 1e-4, for every architecture and adapter. */
class ReferenceLogitsTest {

    static final double TOLERANCE = 1e-4;

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "mistral", "qwen2", "phi"})
    void logitsMatchTransformers(String arch) throws Exception {
        JsonNode ref = Fixtures.reference(arch);
        Map<String, float[]> expected = Fixtures.referenceLogits(arch);
        try (LlmEngine engine = LlmEngine.load(Fixtures.base(arch), Fixtures.adapters(arch), 0)) {
            for (String variant : new String[] {"base", "attn", "mlp"}) {
                JsonNode prompts = ref.path("variants").path(variant).path("prompts");
                for (int p = 0; p < prompts.size(); p++) {
                    int[] ids = Fixtures.ids(prompts.get(p).path("ids"));
                    float[][] logits = engine.logits(Fixtures.variantName(variant), ids);
                    float[] want = expected.get(variant + ".logits." + p);
                    int v = engine.config().vocabSize();
                    assertEquals(want.length, ids.length * v);
                    double max = 0;
                    for (int t = 0; t < ids.length; t++) {
                        for (int j = 0; j < v; j++) {
                            max = Math.max(max, Math.abs(logits[t][j] - want[t * v + j]));
                        }
                    }
                    System.out.printf("%s %s prompt %d: max |logit diff| = %.2e%n", arch, variant, p, max);
                    assertTrue(max <= TOLERANCE, arch + " " + variant + " prompt " + p + ": max |logit diff| " + max);
                }
            }
        }
    }
}
