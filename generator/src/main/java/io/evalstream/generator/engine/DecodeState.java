package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import java.util.Arrays;

/**
 * What the decode steps of a {@link ContinuousBatcher} read and advance on the device, one entry a
 * slot: the next token to feed (the last step's argmax or sample), its position, the draw index of
 * the sampler, and whether the slot decodes at all; plus the adapter routing of the decoding rows.
 * The host uploads it only when sequences start or end; between such changes every step updates it
 * in place, so a step needs nothing from the host.
 */
final class DecodeState implements AutoCloseable {

    private final NDManager manager;
    private final int slots;
    private final NDArray rowIds;       // [S, 1] int64
    private final NDArray nextTokens;   // [S] int64
    private final NDArray positions;    // [S] int64
    private final NDArray drawn;        // [S] int64: tokens generated so far (the sampler's draw index)
    private final NDArray advance;      // [S] int64: 1 for decoding slots
    private LoraRouting routing = LoraRouting.base();
    private int rows;

    DecodeState(NDManager parent, int slots) {
        this.manager = parent.newSubManager();
        this.slots = slots;
        this.rowIds = manager.arange(0, slots, 1, DataType.INT64).reshape(slots, 1);
        this.nextTokens = manager.zeros(new Shape(slots), DataType.INT64);
        this.positions = manager.zeros(new Shape(slots), DataType.INT64);
        this.drawn = manager.zeros(new Shape(slots), DataType.INT64);
        this.advance = manager.zeros(new Shape(slots), DataType.INT64);
    }

    /** Rows a decode step covers: up to the last decoding slot. */
    int rows() {
        return rows;
    }

    LoraRouting routing() {
        return routing;
    }

    /** Uploads each slot's next token, position, draw index and adapter after sequences started or ended. */
    void upload(Sequence[] bySlot, int scratchColumn, LlmEngine engine) {
        long[] next = new long[slots];
        long[] pos = new long[slots];
        long[] draws = new long[slots];
        long[] adv = new long[slots];
        int[] adapterSlots = new int[slots];
        int last = -1;
        for (int s = 0; s < slots; s++) {
            Sequence seq = bySlot[s];
            boolean dec = seq != null && seq.decoding;
            next[s] = dec ? seq.generated[seq.count - 1] : 0;
            pos[s] = dec ? seq.length : scratchColumn; // idle and prefilling rows write only the scratch column
            draws[s] = dec ? seq.count : 0;
            adv[s] = dec ? 1 : 0;
            adapterSlots[s] = dec ? engine.stackSlot(seq.adapter) : -1;
            last = dec ? s : last;
        }
        rows = last + 1;
        try (NDManager tmp = manager.newSubManager()) {
            NDIndex all = new NDIndex(":");
            nextTokens.set(all, tmp.create(next));
            positions.set(all, tmp.create(pos));
            drawn.set(all, tmp.create(draws));
            advance.set(all, tmp.create(adv));
        }
        routing.close();
        routing = LoraRouting.of(engine.stacks(), Arrays.copyOf(adapterSlots, Math.max(1, rows)), 1, manager,
                engine.precision().dataType());
    }

    /** The first {@code n} rows as a decode batch: one token each, at each row's position, attending {@code keys} columns. */
    ForwardBatch batch(NDManager step, int n, int keys) {
        NDIndex first = new NDIndex(":{}", n);
        return new ForwardBatch(nextTokens.get(step, first).reshape(n, 1), positions.get(step, first).reshape(n, 1),
                rowIds.get(step, first), 0, keys, true);
    }

    NDArray drawIndex(NDManager step, int n) {
        return drawn.get(step, new NDIndex(":{}", n));
    }

    /** After a step: the chosen tokens become the next inputs, and decoding rows move one position on. */
    void advance(NDManager step, int n, NDArray next) {
        NDIndex first = new NDIndex(":{}", n);
        nextTokens.set(first, next);
        NDArray adv = advance.get(step, first);
        positions.get(step, first).addi(adv);
        drawn.get(step, first).addi(adv);
    }

    @Override
    public void close() {
        routing.close();
        manager.close();
    }
}
