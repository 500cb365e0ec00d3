package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which rows of a batch use which adapter. The base projection is applied once to the whole
 * batch; each adapter's low-rank term is computed only for its own rows and added to them.
 */
public final class LoraRouting {

    private record Group(LoraAdapter adapter, NDIndex rows) {
    }

    private static final LoraRouting NONE = new LoraRouting(List.of());

    private final List<Group> groups;
    /** Set for mixed decode batches: the stacks, each row's slot in them, and the step's masks by block width. */
    private final LoraStacks stacks;
    private final int[] slots;
    private final NDManager manager;
    private final Map<Integer, NDArray> masks = new HashMap<>();

    private LoraRouting(List<Group> groups) {
        this(groups, null, null, null);
    }

    private LoraRouting(List<Group> groups, LoraStacks stacks, int[] slots, NDManager manager) {
        this.groups = groups;
        this.stacks = stacks;
        this.slots = slots;
        this.manager = manager;
    }

    /**
     * Routing for a decode step (one token per row) whose rows use more than one adapter (the base
     * counts as one): each projection applies every adapter's stacked factors at once and masks each
     * row to its own adapter's block (see {@link LoraStacks}). Other batches route as {@link #of(NDManager, List)}.
     */
    static LoraRouting of(NDManager manager, List<LoraAdapter> adapters, LoraStacks stacks) {
        long distinct = adapters.stream().distinct().count();
        boolean anyAdapter = adapters.stream().anyMatch(a -> a != null);
        if (stacks == null || adapters.size() < 2 || distinct < 2 || !anyAdapter) {
            return of(manager, adapters);
        }
        return new LoraRouting(List.of(), stacks, stacks.slots(adapters), manager);
    }

    public static LoraRouting none() {
        return NONE;
    }

    /** @param adapters the adapter of each row, null for the base model */
    public static LoraRouting of(NDManager manager, List<LoraAdapter> adapters) {
        Map<LoraAdapter, List<Integer>> rows = new LinkedHashMap<>();
        for (int i = 0; i < adapters.size(); i++) {
            if (adapters.get(i) != null) {
                rows.computeIfAbsent(adapters.get(i), a -> new ArrayList<>()).add(i);
            }
        }
        List<Group> groups = new ArrayList<>();
        for (Map.Entry<LoraAdapter, List<Integer>> e : rows.entrySet()) {
            if (e.getValue().size() == adapters.size()) {
                groups.add(new Group(e.getKey(), null));
            } else {
                long[] idx = e.getValue().stream().mapToLong(Integer::longValue).toArray();
                groups.add(new Group(e.getKey(), new NDIndex("{}", manager.create(idx))));
            }
        }
        return new LoraRouting(groups);
    }

    /** x · Wᵀ (+ bias) for the whole batch, plus each adapter's term on its rows. */
    NDArray apply(NDArray x, Transformer.Linear linear) {
        NDArray y = x.matMul(linear.weightT());
        if (linear.bias() != null) {
            y = y.add(linear.bias());
        }
        if (stacks != null) {
            LoraStacks.Stack st = stacks.stack(linear.module());
            if (st != null) {
                // x is [rows, 1, in]: [rows, 1, in] x [in, adapters · width], masked to each row's block, x [adapters · width, out]
                y = y.add(x.matMul(st.a()).mul(mask(st.width())).matMul(st.b()));
            }
            return y;
        }
        for (Group g : groups) {
            LoraAdapter.Factors f = g.adapter().factors(linear.module());
            if (f == null) {
                continue;
            }
            if (g.rows() == null) {
                y = y.add(x.matMul(f.aT()).matMul(f.scaledBT()));
            } else {
                NDArray delta = x.get(g.rows()).matMul(f.aT()).matMul(f.scaledBT());
                y.set(g.rows(), y.get(g.rows()).add(delta));
            }
        }
        return y;
    }

    /** [rows, 1, adapters · width]: ones over each row's own adapter's block, zeros elsewhere (all zeros for a base row). */
    private NDArray mask(int width) {
        return masks.computeIfAbsent(width, w -> {
            int cols = stacks.adapterCount() * w;
            float[] m = new float[slots.length * cols];
            for (int row = 0; row < slots.length; row++) {
                if (slots[row] >= 0) {
                    Arrays.fill(m, row * cols + slots[row] * w, row * cols + (slots[row] + 1) * w, 1f);
                }
            }
            return manager.create(m, new Shape(slots.length, 1, cols));
        });
    }
}
