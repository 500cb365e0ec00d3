package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.util.ArrayList;
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

    private LoraRouting(List<Group> groups) {
        this.groups = groups;
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
}
