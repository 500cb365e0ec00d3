package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import java.util.List;

/**
 * One matrix product that serves one or more Hugging Face linear modules side by side:
 * {@code y = x · Wᵀ + b} with {@code W = [W₁; W₂; …]} stacked along the output (q, k and v of one
 * layer; gate and up of one MLP). Fewer, larger products cost less host work per token than one per
 * module; the parts still name the modules, so LoRA adapters can target each of them.
 *
 * @param group  a name for the fused product, e.g. {@code model.layers.3.qkv}
 * @param parts  the modules in output order, each with its slice of the output
 * @param weight {@code [out, in]}, the only copy of these weights
 * @param bias   {@code [out]} or null
 */
public record FusedLinear(String group, List<Part> parts, NDArray weight, NDArray bias, long in, long out) {

    /** A Hugging Face module inside the fused product: output columns {@code [offset, offset + size)}. */
    public record Part(String module, long offset, long size) {
    }

    public static FusedLinear single(String module, NDArray weight, NDArray bias) {
        long[] shape = weight.getShape().getShape();
        return new FusedLinear(module, List.of(new Part(module, 0, shape[0])), weight, bias, shape[1], shape[0]);
    }
}
