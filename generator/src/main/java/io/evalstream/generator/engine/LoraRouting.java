package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.core.Linear;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * Which adapter each token of a forward call uses, and the projection {@code y = x·Wᵀ + b (+ residual)}
 * with each token's low-rank term added: none for the base model, one adapter's block for a batch of
 * one adapter, and the masked full stack for a batch that mixes adapters (see {@link LoraStacks}).
 * A mixed routing builds its per-token masks once and is reused for every step while the batch's
 * composition stays the same.
 */
public final class LoraRouting implements AutoCloseable {

    private static final LoraRouting BASE = new LoraRouting(null, -2, null, null, null, null);

    private final LoraStacks stacks;
    private final int[] rowSlots;
    private final DataType dtype;
    /** -2: base only; >= 0: every token uses this slot; -1: mixed, see {@link #oneHot}. */
    private final int slot;
    private final NDManager manager;
    private final NDArray oneHot;
    private final Map<Integer, NDArray> masks = new HashMap<>();

    private LoraRouting(LoraStacks stacks, int slot, NDManager manager, NDArray oneHot, int[] rowSlots, DataType dtype) {
        this.stacks = stacks;
        this.rowSlots = rowSlots;
        this.dtype = dtype;
        this.slot = slot;
        this.manager = manager;
        this.oneHot = oneHot;
    }

    public static LoraRouting base() {
        return BASE;
    }

    /**
     * The routing for tokens whose stack slots are {@code slots} (-1: the base model), B rows of T
     * tokens each row-major, T = {@code tokensPerRow}.
     */
    static LoraRouting of(LoraStacks stacks, int[] rowSlots, int tokensPerRow, NDManager parent, DataType dtype) {
        if (stacks == null || Arrays.stream(rowSlots).allMatch(s -> s < 0)) {
            return BASE;
        }
        if (Arrays.stream(rowSlots).distinct().count() == 1) {
            return new LoraRouting(stacks, rowSlots[0], null, null, rowSlots, dtype);
        }
        int adapters = stacks.adapterCount();
        float[] hot = new float[rowSlots.length * tokensPerRow * adapters];
        for (int r = 0; r < rowSlots.length; r++) {
            for (int t = 0; t < tokensPerRow; t++) {
                if (rowSlots[r] >= 0) {
                    hot[(r * tokensPerRow + t) * adapters + rowSlots[r]] = 1f;
                }
            }
        }
        NDManager manager = parent.newSubManager();
        NDArray oneHot = manager.create(hot, new Shape((long) rowSlots.length * tokensPerRow, adapters)).toType(dtype, false);
        return new LoraRouting(stacks, -1, manager, oneHot, rowSlots.clone(), dtype);
    }

    /** The routing of each row's last token only, for a call that keeps the last token of rows of {@code tokensPerRow}. */
    LoraRouting lastTokens(int tokensPerRow, NDManager step) {
        return slot != -1 || tokensPerRow == 1 ? this : of(stacks, rowSlots, 1, step, dtype);
    }

    boolean mixed() {
        return slot == -1;
    }

    /** {@code x·Wᵀ + b + residual} for {@code [N, in]} activations, plus each token's adapter term. */
    NDArray apply(NDArray x, FusedLinear lin, NDArray residual) {
        NDArray bias = lin.bias() == null ? residual : residual == null ? lin.bias() : residual.add(lin.bias());
        NDArray y = Linear.linear(x, lin.weight(), bias).singletonOrThrow();
        LoraStacks.Stack st = stacks == null ? null : stacks.stack(lin.group());
        if (st == null || slot == -2) {
            return y;
        }
        if (slot >= 0) {
            NDArray mid = Linear.linear(x, st.aOf(slot), null).singletonOrThrow();
            return Linear.linear(mid, st.bOf(slot), y).singletonOrThrow();
        }
        NDArray mid = Linear.linear(x, st.a(), null).singletonOrThrow().muli(mask(st.blockWidth()));
        NativeOps.inPlace(1);
        return Linear.linear(mid, st.b(), y).singletonOrThrow();
    }

    /** {@code [N, adapters·width]}: ones over each token's own adapter's block, zeros elsewhere (all zeros for the base model). */
    private NDArray mask(int width) {
        return masks.computeIfAbsent(width, w -> oneHot.repeat(1, w));
    }

    @Override
    public void close() {
        if (manager != null) {
            manager.close();
        }
    }
}
