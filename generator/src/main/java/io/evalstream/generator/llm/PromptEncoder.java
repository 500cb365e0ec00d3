package io.evalstream.generator.llm;

import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.generator.prompt.RenderedPrompt;
import io.evalstream.generator.task.BenchmarkTask;
import io.evalstream.generator.task.BenchmarkTasks;
import io.evalstream.schemas.EvalItem;

/**
 * An item's prompt as a model id sees it: rendered by its benchmark's template (in the model's chat
 * template where it has one), tokenized, and how many leading tokens are the shared prefix (the
 * few-shot block, a database's schema, a subject's examples) worth keeping in the prefix cache.
 */
public final class PromptEncoder {

    /** A prompt ready for the engine. */
    public record Encoded(BenchmarkTask task, RenderedPrompt prompt, int[] ids, int prefixTokens) {
    }

    private final TextTokenizer tokenizer;
    private final LlmOptions options;
    private final boolean prefixCache;

    public PromptEncoder(TextTokenizer tokenizer, LlmOptions options, boolean prefixCache) {
        this.tokenizer = tokenizer;
        this.options = options;
        this.prefixCache = prefixCache;
    }

    public Encoded encode(EvalItem item, String modelId) {
        BenchmarkTask task = BenchmarkTasks.of(item);
        RenderedPrompt p = task.prompt().render(item, options.spiderStyle(modelId), options.chat() ? tokenizer.chatTemplate() : null);
        int[] ids = tokenizer.encodePrompt(p.text(), p.chatRendered());
        return new Encoded(task, p, ids, prefixTokens(p, ids));
    }

    /** Leading prompt tokens that belong to the shared prefix text; one short of it, as the last may merge across the boundary. */
    private int prefixTokens(RenderedPrompt p, int[] ids) {
        if (p.prefixChars() <= 0 || !prefixCache) {
            return 0;
        }
        int[] prefix = tokenizer.encodePrompt(p.prefixText(), p.chatRendered());
        int n = 0;
        while (n < prefix.length && n < ids.length && prefix[n] == ids[n]) {
            n++;
        }
        return Math.max(0, Math.min(n, prefix.length - 1));
    }
}
