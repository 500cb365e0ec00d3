package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Adapters made by EvalStream's fine-tuning recipe (scripts/finetune.py, one per shipped config,
 * trained on the GPU machine on exported Spider prompts; see fixtures/finetuned/README.md) load in
 * the Java engine, give PEFT's logits to 1e-4 in float32, and change what the model generates.
 */
class FineTunedAdapterTest {

    @ParameterizedTest
    @ValueSource(strings = {"lora-r16-lr2e-4-ep1", "lora-r16-lr1e-4-ep2"})
    void fineTunedAdapterMatchesPeft(String config) throws Exception {
        Path dir = Fixtures.root().resolve("finetuned").resolve(config);
        JsonNode ref = new ObjectMapper().readTree(dir.resolve("peft_reference.json").toFile());
        JsonNode summary = new ObjectMapper().readTree(dir.resolve("training_summary.json").toFile());
        assertTrue(summary.path("loss").path("last_tenth_mean").asDouble() < summary.path("loss").path("first_tenth_mean").asDouble(),
                config + ": the training loss fell");
        try (LlmEngine engine = LlmEngine.load(Fixtures.base("llama3"), Map.of(config, dir), 0)) {
            assertEquals(Precision.FLOAT32, engine.precision());
            double max = 0;
            boolean anyDiffers = false;
            for (JsonNode p : ref.path("prompts")) {
                int[] ids = Fixtures.ids(p.path("input_ids"));
                for (String variant : List.of("base", "adapter")) {
                    String adapter = variant.equals("base") ? null : config;
                    float[][] logits = engine.logits(adapter, ids);
                    JsonNode want = p.path(variant).path("last_logits");
                    float[] last = logits[ids.length - 1];
                    assertEquals(want.size(), last.length);
                    for (int j = 0; j < last.length; j++) {
                        max = Math.max(max, Math.abs(last[j] - want.get(j).asDouble()));
                    }
                }
                int steps = p.path("adapter").path("greedy").size();
                int[] base = engine.generate(List.of(new GenerationRequest(null, ids, 0, steps, List.of(), Sampling.GREEDY, true)), 1)
                        .get(0).tokens();
                int[] tuned = engine.generate(List.of(new GenerationRequest(config, ids, 0, steps, List.of(), Sampling.GREEDY, true)), 1)
                        .get(0).tokens();
                assertArrayEquals(Fixtures.ids(p.path("base").path("greedy")), base, "base greedy tokens");
                assertArrayEquals(Fixtures.ids(p.path("adapter").path("greedy")), tuned, config + " greedy tokens");
                anyDiffers |= !Arrays.equals(base, tuned);
            }
            System.out.printf("%s: max |logit diff| against PEFT %.2e over %d prompts (base and adapter)%n", config, max, ref.path("prompts").size());
            assertTrue(max <= ReferenceLogitsTest.TOLERANCE, config + ": " + max);
            assertTrue(anyDiffers, config + ": the adapter's greedy output differs from the base model's");
            assertFalse(engine.adapters().isEmpty());
        }
    }
}
