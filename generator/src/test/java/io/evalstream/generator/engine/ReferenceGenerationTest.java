package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Greedy continuations and MMLU letter log-probabilities equal the reference: one sequence at a
 * time, all variants mixed in one continuously batched run (base and two adapters side by side),
 * and with the prefix cache on.
 */
class ReferenceGenerationTest {

    static final int STEPS = 20;
    static final String[] VARIANTS = {"base", "attn", "mlp"};

    record Case(String variant, int[] prompt, int[] expected) {
    }

    /** The reference's 20 greedy tokens, cut where the engine must stop: at the first end-of-sequence token. */
    static List<Case> cases(JsonNode ref, Set<Integer> eos) {
        List<Case> cases = new ArrayList<>();
        for (String variant : VARIANTS) {
            for (JsonNode p : ref.path("variants").path(variant).path("prompts")) {
                int[] greedy = Fixtures.ids(p.path("greedy"));
                int cut = greedy.length;
                for (int i = 0; i < greedy.length; i++) {
                    if (eos.contains(greedy[i])) {
                        cut = i;
                        break;
                    }
                }
                cases.add(new Case(variant, Fixtures.ids(p.path("ids")), Arrays.copyOf(greedy, cut)));
            }
        }
        return cases;
    }

    static List<GenerationRequest> requests(List<Case> cases, boolean prefix) {
        List<GenerationRequest> out = new ArrayList<>();
        for (Case c : cases) {
            out.add(new GenerationRequest(Fixtures.variantName(c.variant), c.prompt, prefix ? c.prompt.length - 3 : 0, STEPS,
                    List.of(), Sampling.GREEDY));
        }
        return out;
    }

    static void assertSame(List<Case> cases, List<Generation> got, String how) {
        for (int i = 0; i < cases.size(); i++) {
            assertArrayEquals(cases.get(i).expected, got.get(i).tokens(), how + ": case " + i + " (" + cases.get(i).variant + ")");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "mistral", "qwen2", "phi"})
    void greedyOneAtATimeBatchedAndWithPrefixCache(String arch) throws Exception {
        JsonNode ref = Fixtures.reference(arch);
        try (LlmEngine engine = LlmEngine.load(Fixtures.base(arch), Fixtures.adapters(arch), 16)) {
            List<Case> cases = cases(ref, engine.tokenizer().eosIds());
            assertSame(cases, engine.generate(requests(cases, false), 1), arch + " one at a time");
            // 9 requests over 4 slots: slots refill as sequences end; base and both adapters share each step
            assertSame(cases, engine.generate(requests(cases, false), 4), arch + " continuous batch of 4");
            assertSame(cases, engine.generate(requests(cases, true), 4), arch + " prefix cache cold");
            List<Generation> warm = engine.generate(requests(cases, true), 4);
            assertSame(cases, warm, arch + " prefix cache warm");
            assertTrue(warm.stream().allMatch(g -> g.reusedTokens() > 0), "every warm request reuses its prefix");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"llama3", "mistral", "qwen2", "phi"})
    void mmluLetterLogprobs(String arch) throws Exception {
        JsonNode ref = Fixtures.reference(arch);
        try (LlmEngine engine = LlmEngine.load(Fixtures.base(arch), Fixtures.adapters(arch), 16)) {
            for (int pass = 0; pass < 2; pass++) { // the second pass takes its prefix from the cache
                for (String variant : VARIANTS) {
                    JsonNode m = ref.path("variants").path(variant).path("mmlu");
                    int[] ids = Fixtures.ids(m.path("ids"));
                    int[] letters = new int[4];
                    for (int i = 0; i < 4; i++) {
                        letters[i] = engine.tokenizer().lastTokenOf(" " + "ABCD".charAt(i));
                    }
                    assertArrayEquals(Fixtures.ids(m.path("letter_ids")), letters);
                    double[] lp = engine.scoreNextToken(Fixtures.variantName(variant), ids, ids.length - 5, letters);
                    int best = 0;
                    for (int i = 0; i < 4; i++) {
                        assertEquals(m.path("logprobs").get(i).asDouble(), lp[i], 1e-4, arch + " " + variant + " letter " + i);
                        best = lp[i] > lp[best] ? i : best;
                    }
                    assertEquals(m.path("choice").asText(), String.valueOf("ABCD".charAt(best)));
                }
            }
            assertTrue(engine.prefixCache().hits() >= 3);
        }
    }
}
