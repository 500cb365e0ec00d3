package io.evalstream.generator.prompt;

/**
 * One supervised fine-tuning example: the prompt exactly as the generator renders it for
 * evaluation, and what the model must write after it.
 *
 * @param prompt     the rendered prompt; its {@link RenderedPrompt#sha256()} is the hash a prediction records
 * @param completion the gold SQL and the text that ends the model's turn (the chat template's
 *                   end-of-turn token, or the tokenizer's end-of-sequence token for a plain-text prompt)
 */
public record TrainingPrompt(RenderedPrompt prompt, String completion) {
}
