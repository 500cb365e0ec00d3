package io.evalstream.generator.engine;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.nn.Activation;

/**
 * One transformer block over {@code [N, hidden]} activations. Residual adds ride on the output
 * projections ({@code y = x + a·Wᵀ} as one fused multiply-add).
 */
sealed interface DecoderLayer permits DecoderLayer.Sequential, DecoderLayer.Parallel {

    NDArray forward(NDArray x, ForwardStep step, KvCache cache, LoraRouting lora);

    Attention attention();

    /**
     * Llama, Mistral, Qwen2: {@code x += attend(norm(x))}, then {@code x += down(silu(gate(norm(x))) · up(norm(x)))},
     * gate and up as one product.
     */
    record Sequential(Norm attentionNorm, Attention attention, Norm mlpNorm, FusedLinear gateUp, FusedLinear down, long ff)
            implements DecoderLayer {

        @Override
        public NDArray forward(NDArray x, ForwardStep step, KvCache cache, LoraRouting lora) {
            NDArray h = attentionNorm.apply(x);
            x = lora.apply(attention.apply(h, step, cache, lora), attention.wo(), x);
            h = mlpNorm.apply(x);
            NDList gateAndUp = lora.apply(h, gateUp, null).split(new long[] {ff}, 1);
            NDArray gate = gateAndUp.get(0);
            NDArray act = Activation.sigmoid(gate).muli(gate).muli(gateAndUp.get(1));   // silu(gate) · up
            NativeOps.inPlace(2);
            return lora.apply(act, down, x);
        }
    }

    /** Phi: attention and MLP read the same normed input and add to the residual together. */
    record Parallel(Norm norm, Attention attention, FusedLinear fc1, FusedLinear fc2, boolean tanhGelu) implements DecoderLayer {

        @Override
        public NDArray forward(NDArray x, ForwardStep step, KvCache cache, LoraRouting lora) {
            NDArray h = norm.apply(x);
            NDArray withAttention = lora.apply(attention.apply(h, step, cache, lora), attention.wo(), x);
            return lora.apply(gelu(lora.apply(h, fc1, null)), fc2, withAttention);
        }

        private NDArray gelu(NDArray x) {
            if (!tanhGelu) {
                return Activation.gelu(x);
            }
            // gelu_new / gelu_pytorch_tanh: 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³)))
            NDArray inner = x.add(x.pow(3f).mul(0.044715f)).mul((float) Math.sqrt(2.0 / Math.PI));
            return x.mul(inner.tanh().add(1f)).mul(0.5f);
        }
    }
}
