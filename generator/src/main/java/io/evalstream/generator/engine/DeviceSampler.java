package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Random;

/**
 * Chooses each row's next token on the device: the argmax for greedy rows; for sampled rows,
 * inverse-CDF sampling of softmax(logits / temperature) with the request's own uniform draw for that
 * token index. Each request's draws come from {@code new Random(seed)} on the host when it is
 * admitted (one small copy per request, none per step), so a sampled result never depends on
 * batching or on which slot the request got.
 */
final class DeviceSampler implements AutoCloseable {

    private final NDManager manager;
    private final int slots;
    private final int maxNew;
    private final NDArray uniforms;     // [slots, maxNew] float32
    private final float[] temperatures;
    private final boolean[] sampled;
    private NDArray rowState;            // [slots, 1] temperature (1 for greedy rows), rebuilt when rows change
    private NDArray sampledRows;         // [slots] bool
    private boolean dirty = true;
    private int sampledCount;

    DeviceSampler(NDManager parent, int slots, int maxNew) {
        this.manager = parent.newSubManager();
        this.slots = slots;
        this.maxNew = Math.max(1, maxNew);
        this.uniforms = manager.zeros(new Shape(slots, this.maxNew), DataType.FLOAT32);
        this.temperatures = new float[slots];
        this.sampled = new boolean[slots];
    }

    /** Sets a slot's decoding for its new request: greedy, or sampled with the request's seeded draws. */
    void admit(int slot, Sampling sampling, int maxNewTokens) {
        boolean sample = !sampling.greedy();
        if (sample) {
            Random random = new Random(sampling.seed());
            float[] draws = new float[maxNew];
            for (int i = 0; i < maxNewTokens && i < maxNew; i++) {
                draws[i] = (float) random.nextDouble();
            }
            try (NDArray row = manager.create(draws)) {
                uniforms.set(new NDIndex("{}, :", slot), row);
            }
        }
        if (sample != sampled[slot] || temperatures[slot] != (float) sampling.temperature()) {
            dirty = true;
        }
        sampled[slot] = sample;
        temperatures[slot] = sample ? (float) sampling.temperature() : 1f;
        sampledCount = 0;
        for (boolean s : sampled) {
            sampledCount += s ? 1 : 0;
        }
    }

    void release(int slot) {
        if (sampled[slot]) {
            sampled[slot] = false;
            dirty = true;
            sampledCount--;
        }
    }

    /**
     * The next token of each of {@code rows.length} rows ({@code [B]} int64, on the device).
     *
     * @param logits     {@code [B, V]} in the compute dtype
     * @param rows       the slot of each logits row
     * @param slotIds    the same slots as a {@code [B]} int64 device tensor
     * @param drawIndex  {@code [B]} int64 on the device: each row's index of the token being chosen
     */
    NDArray choose(NDManager step, NDArray logits, int[] rows, NDArray slotIds, NDArray drawIndex) {
        NDArray greedy = logits.argMax(1);
        boolean any = false;
        for (int r : rows) {
            any |= sampled[r];
        }
        if (!any) {
            return greedy;
        }
        refresh();
        NDArray temperature = rowState.get(step, new NDIndex("{}", slotIds));                  // [B, 1]
        NDArray u = uniforms.get(step, new NDIndex("{}, {}", slotIds, drawIndex)).reshape(rows.length, 1);
        NDArray cdf = logits.toType(DataType.FLOAT32, false).div(temperature).softmax(1).cumSum(1);
        NDArray pick = cdf.lte(u).sum(new int[] {1}).toType(DataType.INT64, false).clip(0, logits.getShape().get(1) - 1);
        return NDArrays.where(sampledRows.get(step, new NDIndex("{}", slotIds)), pick, greedy);
    }

    private void refresh() {
        if (!dirty) {
            return;
        }
        if (rowState != null) {
            rowState.close();
            sampledRows.close();
        }
        rowState = manager.create(temperatures, new Shape(slots, 1));
        sampledRows = manager.create(sampled);
        dirty = false;
    }

    boolean anySampled() {
        return sampledCount > 0;
    }

    @Override
    public void close() {
        manager.close();
    }
}
