package io.evalstream.generator.engine;

import java.util.List;

/**
 * One sequence to continue.
 *
 * @param adapter      adapter name, null for the base model
 * @param prompt       prompt token ids
 * @param prefixLength how many leading prompt tokens are a shared prefix worth caching (0: none)
 * @param maxNewTokens at most this many generated tokens
 * @param stopStrings  generation ends when the text contains one; the text is cut before it
 * @param ignoreEos    keep going past end-of-sequence tokens (benchmarks that must generate exactly maxNewTokens)
 */
public record GenerationRequest(String adapter, int[] prompt, int prefixLength, int maxNewTokens, List<String> stopStrings,
                                Sampling sampling, boolean ignoreEos) {

    public GenerationRequest(String adapter, int[] prompt, int prefixLength, int maxNewTokens, List<String> stopStrings, Sampling sampling) {
        this(adapter, prompt, prefixLength, maxNewTokens, stopStrings, sampling, false);
    }

    public GenerationRequest {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        if (maxNewTokens < 1) {
            throw new IllegalArgumentException("maxNewTokens must be at least 1");
        }
        stopStrings = stopStrings == null ? List.of() : List.copyOf(stopStrings);
        sampling = sampling == null ? Sampling.GREEDY : sampling;
    }

    public static GenerationRequest greedy(String adapter, int[] prompt, int maxNewTokens) {
        return new GenerationRequest(adapter, prompt, 0, maxNewTokens, List.of(), Sampling.GREEDY);
    }
}
