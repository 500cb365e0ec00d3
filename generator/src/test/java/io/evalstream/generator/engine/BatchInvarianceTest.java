package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Greedy predictions of a run do not depend on the batch size in float32: 32 requests (the fixture
 * prompts of every variant, cut to different lengths, with and without shared prefixes) give
 * identical tokens at batch 1, 8 and 32, although prefill shapes, padding and decode batches differ.
 */
class BatchInvarianceTest {

    @Test
    void greedyTokensAreTheSameAtBatchOneEightAndThirtyTwo() throws Exception {
        JsonNode ref = Fixtures.reference("llama3");
        try (LlmEngine engine = LlmEngine.load(Fixtures.base("llama3"), Fixtures.adapters("llama3"), 16)) {
            List<GenerationRequest> requests = new ArrayList<>();
            for (int i = 0; requests.size() < 32; i++) {
                String variant = ReferenceGenerationTest.VARIANTS[i % 3];
                JsonNode prompts = ref.path("variants").path(variant).path("prompts");
                int[] ids = Fixtures.ids(prompts.get(i % prompts.size()).path("ids"));
                int[] cut = Arrays.copyOf(ids, Math.max(2, ids.length - i % 5));
                requests.add(new GenerationRequest(Fixtures.variantName(variant), cut, i % 2 == 0 ? cut.length - 1 : 0, 12, List.of(),
                        Sampling.GREEDY, true));
            }
            List<Generation> one = engine.generate(requests, 1);
            for (int batch : new int[] {8, 32}) {
                engine.prefixCache().clear();
                List<Generation> many = engine.generate(requests, batch);
                for (int k = 0; k < requests.size(); k++) {
                    assertArrayEquals(one.get(k).tokens(), many.get(k).tokens(), "request " + k + " at batch " + batch);
                }
            }
        }
    }
}
