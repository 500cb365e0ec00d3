package io.evalstream.generator.llm;

import io.evalstream.generator.engine.EngineOptions;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.Sampling;
import io.evalstream.generator.prompt.SpiderPrompt;
import java.util.List;
import java.util.Map;

/**
 * How {@link LlmModel} answers items.
 *
 * @param maxNewTokens        Spider: at most this many generated tokens (default 256)
 * @param batchSize           slots of the continuous batch (default 8)
 * @param prefixCacheEntries  shared prompt prefixes kept per engine; 0 turns the prefix cache off (default 64)
 * @param stopStrings         Spider: generation also ends at these (default a blank line)
 * @param sampling            greedy (default) or seeded sampling; a sampled request's seed is mixed with its item id
 * @param spiderStyles        Spider template per model id; absent ids use the 3-shot template
 * @param chat                wrap Spider prompts in the model's chat template when it has one (default true)
 * @param engine              device, dtype, prefix cache size and prefill budget of the engine
 */
public record LlmOptions(int maxNewTokens, int batchSize, int prefixCacheEntries, List<String> stopStrings,
                         Sampling sampling, Map<String, SpiderPrompt.Style> spiderStyles, boolean chat, EngineOptions engine) {

    public LlmOptions {
        stopStrings = stopStrings == null ? List.of("\n\n") : List.copyOf(stopStrings);
        sampling = sampling == null ? Sampling.GREEDY : sampling;
        spiderStyles = spiderStyles == null ? Map.of() : Map.copyOf(spiderStyles);
        engine = (engine == null ? EngineOptions.defaults() : engine).withPrefixCacheEntries(prefixCacheEntries);
        if (maxNewTokens < 1 || batchSize < 1 || prefixCacheEntries < 0) {
            throw new IllegalArgumentException("maxNewTokens and batchSize must be positive, prefixCacheEntries not negative");
        }
    }

    public static LlmOptions defaults() {
        return new LlmOptions(256, 8, 64, null, null, null, true, null);
    }

    public LlmOptions withEngine(EngineOptions e) {
        return new LlmOptions(maxNewTokens, batchSize, prefixCacheEntries, stopStrings, sampling, spiderStyles, chat, e);
    }

    public LlmOptions withMaxNewTokens(int n) {
        return new LlmOptions(n, batchSize, prefixCacheEntries, stopStrings, sampling, spiderStyles, chat, engine);
    }

    public LlmOptions withBatchSize(int n) {
        return new LlmOptions(maxNewTokens, n, prefixCacheEntries, stopStrings, sampling, spiderStyles, chat, engine);
    }

    public LlmOptions withPrefixCacheEntries(int n) {
        return new LlmOptions(maxNewTokens, batchSize, n, stopStrings, sampling, spiderStyles, chat, engine);
    }

    public LlmOptions withSpiderStyles(Map<String, SpiderPrompt.Style> styles) {
        return new LlmOptions(maxNewTokens, batchSize, prefixCacheEntries, stopStrings, sampling, styles, chat, engine);
    }

    public SpiderPrompt.Style spiderStyle(String modelId) {
        return spiderStyles.getOrDefault(modelId, SpiderPrompt.Style.FEW_SHOT);
    }
}
