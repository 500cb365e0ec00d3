package io.evalstream.generator.task;

import io.evalstream.generator.engine.tokenizer.ChatTemplate;
import io.evalstream.generator.prompt.RenderedPrompt;
import io.evalstream.generator.prompt.SpiderPrompt;
import io.evalstream.schemas.EvalItem;

/**
 * How a model answers one benchmark: its output type and the prompt that renders its items.
 *
 * @param outputType generate text, or pick a choice by log-probability
 * @param prompt     renders an item for the model
 */
public record BenchmarkTask(OutputType outputType, Prompt prompt) {

    /** Renders an item; a prompt that has no styles or is plain text by design ignores those arguments. */
    @FunctionalInterface
    public interface Prompt {
        /**
         * @param style the model's Spider template
         * @param chat  the model's chat template, or null to render plain text
         */
        RenderedPrompt render(EvalItem item, SpiderPrompt.Style style, ChatTemplate chat);
    }
}
