package io.evalstream.generator.engine;

import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import com.fasterxml.jackson.databind.JsonNode;
import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Logits of a decode batch whose rows run the base model and two adapters side by side, each row
 * at its own position, equal the reference logits of each variant to 1e-4.
 */
class MixedBatchLogitsTest {

    /**
     * Six rows of three variants and different lengths: one batched prefill (left-padded, mixed
     * adapters) and then six decode steps with every row's own adapter; each row's logits at each
     * position must equal the single-sequence reference.
     */
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
            DataType dtype = engine.precision().dataType();
            int[][] prompts = new int[rows][];
            int[] lengths = new int[rows];
            int[] slots = new int[rows];
            int t = 0;
            for (int r = 0; r < rows; r++) {
                prompts[r] = Fixtures.ids(ref.path("variants").path(variants[r]).path("prompts").get(promptOf[r]).path("ids"));
                slots[r] = engine.stackSlot(engine.adapter(Fixtures.variantName(variants[r])));
                lengths[r] = 4 + r % 3; // rows start decoding at different positions
                t = Math.max(t, lengths[r]);
            }
            double max = 0;
            try (KvCache cache = new KvCache(engine.manager(), engine.config(), rows, 64, dtype)) {
                long[] tokens = new long[rows * t];
                long[] positions = new long[rows * t];
                long[] rowIds = new long[rows];
                for (int r = 0; r < rows; r++) {
                    rowIds[r] = r;
                    for (int j = 0; j < t; j++) {
                        int k = j - (t - lengths[r]);
                        tokens[r * t + j] = k < 0 ? 0 : prompts[r][k];
                        positions[r * t + j] = k < 0 ? cache.scratchColumn() : k;
                    }
                }
                try (NDManager step = engine.manager().newSubManager()) {
                    ForwardBatch batch = new ForwardBatch(step.create(tokens, new Shape(rows, t)), step.create(positions, new Shape(rows, t)),
                            step.create(rowIds, new Shape(rows, 1)), 0, ForwardBatch.keysFor(t - 1, cache), false);
                    float[] logits = engine.model().forward(step, batch, cache, LoraRouting.of(engine.stacks(), slots, t, step, dtype))
                            .toType(DataType.FLOAT32, false).toFloatArray();
                    for (int r = 0; r < rows; r++) {
                        float[] want = expected.get(variants[r] + ".logits." + promptOf[r]);
                        for (int k = 0; k < lengths[r]; k++) {
                            int col = t - lengths[r] + k;
                            for (int j = 0; j < v; j++) {
                                max = Math.max(max, Math.abs(logits[(r * t + col) * v + j] - want[k * v + j]));
                            }
                        }
                    }
                }
                for (int s = 0; s < 6; s++) {
                    long[] next = new long[rows];
                    long[] at = new long[rows];
                    for (int r = 0; r < rows; r++) {
                        next[r] = prompts[r][lengths[r]];
                        at[r] = lengths[r];
                    }
                    try (NDManager step = engine.manager().newSubManager()) {
                        int maxPos = Arrays.stream(lengths).max().getAsInt();
                        ForwardBatch batch = new ForwardBatch(step.create(next, new Shape(rows, 1)), step.create(at, new Shape(rows, 1)),
                                step.create(rowIds, new Shape(rows, 1)), 0, ForwardBatch.keysFor(maxPos, cache), true);
                        float[] logits = engine.model().forward(step, batch, cache, LoraRouting.of(engine.stacks(), slots, 1, step, dtype))
                                .toType(DataType.FLOAT32, false).toFloatArray();
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
            System.out.printf("%s mixed batch of %d rows (base, attn, mlp), batched prefill + decode: max |logit diff| = %.2e%n", arch, rows, max);
            assertTrue(max <= ReferenceLogitsTest.TOLERANCE, arch + ": " + max);
        }
    }
}
