package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.ArrayList;
import java.util.List;

/**
 * One batched prefill call: as many waiting prompts as a token budget allows, each contributing
 * its next {@code taken[i]} prompt tokens, left-padded to a common width so that every row's last
 * token is in the last column; padding tokens go to the cache's scratch column.
 *
 * @param rows          the sequences in this call
 * @param width         T, tokens per row
 * @param tokens        {@code [B·T]} token ids, row-major
 * @param positions     {@code [B·T]} cache columns
 * @param taken         prompt tokens each row contributes
 * @param adapterSlots  each row's adapter stack slot (-1: base)
 * @param maxPosition   the furthest position a real token reaches
 */
record PrefillChunk(List<Sequence> rows, int width, long[] tokens, long[] positions, int[] taken, int[] adapterSlots, int maxPosition) {

    static PrefillChunk of(List<Sequence> ready, int budget, int scratchColumn, LlmEngine engine) {
        int longest = 0;
        for (Sequence s : ready) {
            longest = Math.max(longest, s.prompt.length - s.prefilled);
        }
        int t = Math.max(1, Math.min(budget, longest));
        int b = Math.min(ready.size(), Math.max(1, budget / t));
        List<Sequence> rows = List.copyOf(ready.subList(0, b));
        long[] tokens = new long[b * t];
        long[] pos = new long[b * t];
        int[] adapterSlots = new int[b];
        int[] taken = new int[b];
        int maxPos = 0;
        for (int i = 0; i < b; i++) {
            Sequence s = rows.get(i);
            int c = Math.min(s.prompt.length - s.prefilled, t);
            taken[i] = c;
            for (int j = 0; j < t; j++) {
                int k = j - (t - c);
                tokens[i * t + j] = k < 0 ? 0 : s.prompt[s.prefilled + k];
                pos[i * t + j] = k < 0 ? scratchColumn : s.prefilled + k;
            }
            maxPos = Math.max(maxPos, s.prefilled + c - 1);
            adapterSlots[i] = engine.stackSlot(s.adapter);
        }
        return new PrefillChunk(rows, t, tokens, pos, taken, adapterSlots, maxPos);
    }

    ForwardBatch batch(NDManager step, KvCache cache) {
        int b = rows.size();
        long[] slots = rows.stream().mapToLong(s -> s.slot).toArray();
        return new ForwardBatch(step.create(tokens, new Shape(b, width)), step.create(positions, new Shape(b, width)),
                step.create(slots, new Shape(b, 1)), -1, ForwardBatch.keysFor(maxPosition, cache), true);
    }

    /** Rows whose prompt is complete after this call. */
    List<Integer> completing() {
        List<Integer> out = new ArrayList<>();
        for (int i = 0; i < rows.size(); i++) {
            if (rows.get(i).prefilled + taken[i] == rows.get(i).prompt.length) {
                out.add(i);
            }
        }
        return out;
    }

    /** Log-softmax in float32 of each row's logits, gathered at its candidates: {@code [B · maxCandidates]}. */
    float[] candidateLogProbs(NDManager step, NDArray logits) {
        int w = candidateWidth();
        long[] cand = new long[rows.size() * w];
        long[] row = new long[rows.size() * w];
        for (int i = 0; i < rows.size(); i++) {
            int[] c = rows.get(i).scoring == null ? new int[] {0} : rows.get(i).scoring.candidates();
            for (int k = 0; k < w; k++) {
                cand[i * w + k] = c[Math.min(k, c.length - 1)];
                row[i * w + k] = i;
            }
        }
        NDArray lp = logits.toType(DataType.FLOAT32, false).logSoftmax(1);
        return lp.get(step, new NDIndex("{}, {}", step.create(row), step.create(cand))).toFloatArray();
    }

    /** Row {@code i}'s candidate log-probabilities out of {@link #candidateLogProbs}' result. */
    double[] scoresOf(int i, float[] all) {
        int c = rows.get(i).scoring.candidates().length;
        int w = candidateWidth();
        double[] lp = new double[c];
        for (int k = 0; k < c; k++) {
            lp[k] = all[i * w + k];
        }
        return lp;
    }

    private int candidateWidth() {
        return rows.stream().mapToInt(s -> s.scoring == null ? 1 : s.scoring.candidates().length).max().orElse(1);
    }
}
