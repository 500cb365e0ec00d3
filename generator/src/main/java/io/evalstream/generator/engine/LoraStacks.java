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
 * Every adapter's factors for one fused projection side by side, in the compute dtype: the only
 * copy of the adapters' weights in the engine. For a projection of P parts (q, k, v) and S adapters
 * whose ranks are padded to the widest (w), {@code a} is {@code [S·P·w, in]} and {@code b}
 * {@code [out, S·P·w]}: adapter i's part p uses rows/columns {@code (i·P + p)·w …}, and b places
 * each part's block at that part's output columns. A batch of one adapter multiplies by that
 * adapter's block ({@link Stack#aOf}, {@link Stack#bOf}, views); a batch mixing adapters multiplies
 * by all of {@code a}, zeroes each row's columns outside its own adapter's block with a mask, and
 * multiplies by {@code b}: three native calls per projection, whatever the mix.
 */
final class LoraStacks implements AutoCloseable {

    /** One projection's stacked factors; {@code blockWidth} = P·w columns per adapter. */
    record Stack(NDArray a, NDArray b, int blockWidth, NDArray[] aBlocks, NDArray[] bBlocks) {

        NDArray aOf(int slot) {
            return aBlocks[slot];
        }

        NDArray bOf(int slot) {
            return bBlocks[slot];
        }
    }

    private final NDManager manager;
    private final Map<LoraAdapter, Integer> slots = new HashMap<>();
    private final Map<String, Stack> byGroup = new HashMap<>();
    private long bytes;

    LoraStacks(NDManager parent, List<LoraAdapter> adapters, List<FusedLinear> projections, DataType dtype) {
        this.manager = parent.newSubManager();
        for (int i = 0; i < adapters.size(); i++) {
            slots.put(adapters.get(i), i);
        }
        int s = adapters.size();
        for (FusedLinear lin : projections) {
            int w = 0;
            for (LoraAdapter adapter : adapters) {
                for (FusedLinear.Part part : lin.parts()) {
                    LoraAdapter.Factors f = adapter.factors(part.module());
                    w = f == null ? w : Math.max(w, f.rank());
                }
            }
            if (w == 0) {
                continue;
            }
            int p = lin.parts().size();
            int block = p * w;
            NDArray a = manager.zeros(new Shape((long) s * block, lin.in()), dtype);
            NDArray b = manager.zeros(new Shape(lin.out(), (long) s * block), dtype);
            for (int i = 0; i < s; i++) {
                for (int j = 0; j < p; j++) {
                    FusedLinear.Part part = lin.parts().get(j);
                    LoraAdapter.Factors f = adapters.get(i).factors(part.module());
                    if (f == null) {
                        continue;
                    }
                    long from = (long) i * block + (long) j * w;
                    long to = from + f.rank();
                    try (NDArray fa = f.a().toType(dtype, false); NDArray fb = f.scaledB().toType(dtype, false)) {
                        a.set(new NDIndex("{}:{}, :", from, to), fa);
                        b.set(new NDIndex("{}:{}, {}:{}", part.offset(), part.offset() + part.size(), from, to), fb);
                    }
                }
            }
            NDArray[] aBlocks = new NDArray[s];
            NDArray[] bBlocks = new NDArray[s];
            for (int i = 0; i < s; i++) {
                aBlocks[i] = a.get(new NDIndex("{}:{}, :", (long) i * block, (long) (i + 1) * block));
                bBlocks[i] = b.get(new NDIndex(":, {}:{}", (long) i * block, (long) (i + 1) * block));
            }
            byGroup.put(lin.group(), new Stack(a, b, block, aBlocks, bBlocks));
            bytes += (a.size() + b.size()) * dtype.getNumOfBytes();
        }
    }

    int adapterCount() {
        return slots.size();
    }

    /** The stack slot of an adapter, -1 for the base model (null). */
    int slot(LoraAdapter adapter) {
        return adapter == null ? -1 : slots.get(adapter);
    }

    Stack stack(String group) {
        return byGroup.get(group);
    }

    long bytes() {
        return bytes;
    }

    @Override
    public void close() {
        manager.close();
    }
}
