package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.norm.LayerNorm;

/** A normalisation over the hidden dimension of {@code [tokens, hidden]} activations. */
public sealed interface Norm permits Norm.Rms, Norm.Layer {

    NDArray apply(NDArray x);

    /**
     * RMSNorm (Llama, Mistral, Qwen2): {@code x / sqrt(mean(x²) + eps) · w}. PyTorch has a fused,
     * float32-accumulating layer norm but DJL exposes no RMS norm, and computing it from elementary
     * ops costs eight native calls (and x² overflows float16 for activations past 256). Layer norm of
     * {@code [x, −x]} is exactly RMS norm of x: that row's mean is 0 and its variance is mean(x²); with
     * weight {@code [w, 0]} its second half is zero and is dropped. Four native calls, accumulated in
     * float32 inside the kernel, rounded once.
     *
     * @param doubled {@code [w, 0]}, 2·hidden
     * @param zeros   2·hidden zeros (the layer norm's bias)
     */
    record Rms(NDArray doubled, NDArray zeros, int hidden, float eps) implements Norm {

        public static Rms of(NDArray weight, float eps, NDManager manager) {
            int h = (int) weight.size();
            NDArray zeros = manager.zeros(new Shape(2L * h), weight.getDataType());
            NDArray doubled = weight.concat(manager.zeros(new Shape(h), weight.getDataType()), 0);
            return new Rms(doubled, zeros, h, eps);
        }

        @Override
        public NDArray apply(NDArray x) {
            NDArray mirrored = x.concat(x.neg(), 1);
            NDArray normed = LayerNorm.layerNorm(mirrored, new Shape(2L * hidden), doubled, zeros, eps).singletonOrThrow();
            return normed.split(new long[] {hidden}, 1).get(0);
        }
    }

    /** LayerNorm with a bias (Phi). */
    record Layer(NDArray weight, NDArray bias, float eps) implements Norm {
        @Override
        public NDArray apply(NDArray x) {
            return LayerNorm.layerNorm(x, new Shape(weight.size()), weight, bias, eps).singletonOrThrow();
        }
    }
}
