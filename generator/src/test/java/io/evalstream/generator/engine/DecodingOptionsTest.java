package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Seeded sampling, stop strings and the new-token limit. */
class DecodingOptionsTest {

    @Test
    void seededSamplingDoesNotDependOnBatching() throws Exception {
        JsonNode ref = Fixtures.reference("llama3");
        try (LlmEngine engine = LlmEngine.load(Fixtures.base("llama3"), Fixtures.adapters("llama3"), 0)) {
            List<GenerationRequest> requests = new ArrayList<>();
            String[] adapters = {null, "attn", "mlp"};
            for (int i = 0; i < 3; i++) {
                int[] ids = Fixtures.ids(ref.path("variants").path("base").path("prompts").get(i).path("ids"));
                requests.add(new GenerationRequest(adapters[i], ids, 0, 15, List.of(), new Sampling(1.0, 100 + i)));
            }
            List<Generation> alone = engine.generate(requests, 1);
            List<Generation> together = engine.generate(requests, 3);
            for (int i = 0; i < 3; i++) {
                assertArrayEquals(alone.get(i).tokens(), together.get(i).tokens());
            }
            List<GenerationRequest> otherSeed = new ArrayList<>();
            for (GenerationRequest r : requests) {
                otherSeed.add(new GenerationRequest(r.adapter(), r.prompt(), 0, 15, List.of(), new Sampling(1.0, 7)));
            }
            List<Generation> other = engine.generate(otherSeed, 3);
            boolean differs = false;
            for (int i = 0; i < 3; i++) {
                differs |= !Arrays.equals(other.get(i).tokens(), together.get(i).tokens());
            }
            assertTrue(differs, "another seed samples other tokens");
        }
    }

    @Test
    void stopStringsAndLengthLimit() throws Exception {
        JsonNode ref = Fixtures.reference("qwen2");
        try (LlmEngine engine = LlmEngine.load(Fixtures.base("qwen2"), Map.of(), 0)) {
            JsonNode p = ref.path("variants").path("base").path("prompts").get(0);
            int[] ids = Fixtures.ids(p.path("ids"));
            Generation full = engine.generate(List.of(GenerationRequest.greedy(null, ids, 20)), 1).get(0);
            assertEquals(Generation.FinishReason.LENGTH, full.finishReason());
            assertEquals(20, full.tokens().length);
            String text = full.text();
            String stop = null;
            for (int i = 4; i + 2 <= text.length() && stop == null; i++) {
                String s = text.substring(i, i + 2);
                if (s.chars().allMatch(ch -> ch > 32 && ch < 127)) {
                    stop = s;
                }
            }
            assertFalse(stop == null, "an ASCII stop string in " + text);
            Generation cut = engine.generate(List.of(new GenerationRequest(null, ids, 0, 20, List.of(stop), Sampling.GREEDY)), 1).get(0);
            assertEquals(Generation.FinishReason.STOP_STRING, cut.finishReason());
            assertEquals(text.substring(0, text.indexOf(stop)), cut.text());
            Generation five = engine.generate(List.of(GenerationRequest.greedy(null, ids, 5)), 1).get(0);
            assertArrayEquals(Arrays.copyOf(full.tokens(), 5), five.tokens());
        }
    }
}
