package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.index.NDIndex;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every adapter's factors of one projection side by side, each adapter in a block of the same
 * width (its rank zero-padded to the widest): {@code a} is {@code [in, adapters · width]} and
 * {@code b} {@code [adapters · width, out]}. A decode batch whose rows use different adapters
 * computes {@code x · a} for all adapters at once, zeroes each row's columns outside its own
 * adapter's block with a mask made once per step, and multiplies by {@code b}: three operations
 * per projection whatever the mix, instead of a handful per adapter or gathering factors per row
 * (the per-operation cost dominates at these sizes, and the factors are small beside the weights).
 */
final class LoraStacks implements AutoCloseable {

    record Stack(NDArray a, NDArray b, int width) {
    }

    private final NDManager manager;
    private final Map<LoraAdapter, Integer> slot = new HashMap<>();
    private final Map<String, Stack> byModule = new HashMap<>();

    LoraStacks(NDManager parent, List<LoraAdapter> adapters, Map<String, long[]> linears) {
        this.manager = parent.newSubManager();
        for (int i = 0; i < adapters.size(); i++) {
            slot.put(adapters.get(i), i);
        }
        for (Map.Entry<String, long[]> e : linears.entrySet()) {
            String module = e.getKey();
            long out = e.getValue()[0];
            long in = e.getValue()[1];
            int width = 0;
            for (LoraAdapter a : adapters) {
                LoraAdapter.Factors f = a.factors(module);
                if (f != null) {
                    width = Math.max(width, (int) f.aT().getShape().get(1));
                }
            }
            if (width == 0) {
                continue;
            }
            NDArray a = manager.zeros(new Shape(in, (long) adapters.size() * width), DataType.FLOAT32);
            NDArray b = manager.zeros(new Shape((long) adapters.size() * width, out), DataType.FLOAT32);
            for (int i = 0; i < adapters.size(); i++) {
                LoraAdapter.Factors f = adapters.get(i).factors(module);
                if (f != null) {
                    long from = (long) i * width;
                    long to = from + f.aT().getShape().get(1);
                    a.set(new NDIndex(":, {}:{}", from, to), f.aT());
                    b.set(new NDIndex("{}:{}, :", from, to), f.scaledBT());
                }
            }
            byModule.put(module, new Stack(a, b, width));
        }
    }

    int adapterCount() {
        return slot.size();
    }

    /** The stack slot of each row's adapter (-1 for the base model). */
    int[] slots(List<LoraAdapter> rows) {
        int[] out = new int[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i) == null ? -1 : slot.get(rows.get(i));
        }
        return out;
    }

    Stack stack(String module) {
        return byModule.get(module);
    }

    @Override
    public void close() {
        manager.close();
    }
}
