package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import io.evalstream.generator.engine.lora.LoraAdapter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Every adapter's factors of one module stacked along a leading axis, slot 0 all zeros for the
 * base model and ranks zero-padded to the largest: a decode batch whose rows use different
 * adapters gathers each row's factors and applies them with two batched matmuls, instead of a
 * handful of small operations per adapter (the per-operation cost dominates at these sizes).
 */
final class LoraStacks implements AutoCloseable {

    record Stack(NDArray a, NDArray b) {
    }

    private final NDManager manager;
    private final Map<LoraAdapter, Integer> slot = new HashMap<>();
    private final Map<String, Stack> byModule = new HashMap<>();

    LoraStacks(NDManager parent, List<LoraAdapter> adapters, Map<String, long[]> linears) {
        this.manager = parent.newSubManager();
        for (int i = 0; i < adapters.size(); i++) {
            slot.put(adapters.get(i), i + 1);
        }
        for (Map.Entry<String, long[]> e : linears.entrySet()) {
            String module = e.getKey();
            long out = e.getValue()[0];
            long in = e.getValue()[1];
            int rank = 0;
            for (LoraAdapter a : adapters) {
                if (a.factors(module) != null) {
                    rank = Math.max(rank, (int) a.factors(module).aT().getShape().get(1));
                }
            }
            if (rank == 0) {
                continue;
            }
            List<NDArray> as = new ArrayList<>();
            List<NDArray> bs = new ArrayList<>();
            as.add(manager.zeros(new Shape(1, in, rank), DataType.FLOAT32));
            bs.add(manager.zeros(new Shape(1, rank, out), DataType.FLOAT32));
            for (LoraAdapter a : adapters) {
                NDArray aPad = manager.zeros(new Shape(1, in, rank), DataType.FLOAT32);
                NDArray bPad = manager.zeros(new Shape(1, rank, out), DataType.FLOAT32);
                LoraAdapter.Factors f = a.factors(module);
                if (f != null) {
                    long r = f.aT().getShape().get(1);
                    aPad.set(new ai.djl.ndarray.index.NDIndex("0, :, :{}", r), f.aT());
                    bPad.set(new ai.djl.ndarray.index.NDIndex("0, :{}, :", r), f.scaledBT());
                }
                as.add(aPad);
                bs.add(bPad);
            }
            byModule.put(module, new Stack(ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(as), 0),
                    ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(bs), 0)));
            for (NDArray x : as) {
                x.close();
            }
            for (NDArray x : bs) {
                x.close();
            }
        }
    }

    /** The stack slot of each row's adapter (0 for the base model). */
    long[] slots(List<LoraAdapter> rows) {
        long[] out = new long[rows.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = rows.get(i) == null ? 0 : slot.get(rows.get(i));
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
