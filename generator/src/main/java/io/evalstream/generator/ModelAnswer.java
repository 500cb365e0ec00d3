package io.evalstream.generator;

import java.util.List;

/**
 * What a model said for one item.
 *
 * @param output         raw output: SQL text for Spider, the chosen letter for MMLU
 * @param choiceLogprobs MMLU: log-probabilities of A, B, C, D at the last position; null otherwise
 * @param promptTemplate name and version of the prompt template, null when no prompt was rendered
 * @param promptSha256   SHA-256 of the rendered prompt, null when no prompt was rendered
 * @param tokensIn       prompt tokens, 0 when not applicable
 * @param tokensOut      generated tokens, 0 when not applicable
 */
public record ModelAnswer(String output, List<Double> choiceLogprobs, String promptTemplate,
                          String promptSha256, int tokensIn, int tokensOut) {

    public static ModelAnswer text(String output) {
        return new ModelAnswer(output, null, null, null, 0, 0);
    }
}
