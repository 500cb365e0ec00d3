package io.evalstream.generator.engine;

import io.evalstream.generator.engine.device.DeviceChoice;

/**
 * How an engine is set up.
 *
 * @param device             auto (a GPU when a usable CUDA libtorch is found), cpu, gpu, gpu:N
 * @param dtype              auto (float16 on a GPU, float32 on a CPU), float32, float16
 * @param prefixCacheEntries shared prompt prefixes kept; 0 turns the prefix cache off
 * @param prefillTokens      tokens one batched prefill call may hold (0: 4096 on a GPU, 512 on a CPU; a call's activations grow with it: about 1 GB at 4096 tokens for an 8B model)
 */
public record EngineOptions(DeviceChoice device, String dtype, int prefixCacheEntries, int prefillTokens) {

    public static EngineOptions defaults() {
        return new EngineOptions(DeviceChoice.AUTO, "auto", 64, 0);
    }

    public EngineOptions withPrefixCacheEntries(int n) {
        return new EngineOptions(device, dtype, n, prefillTokens);
    }

    EngineOptions resolved(boolean gpu) {
        return new EngineOptions(device, dtype, prefixCacheEntries, prefillTokens > 0 ? prefillTokens : gpu ? 4096 : 512);
    }
}
