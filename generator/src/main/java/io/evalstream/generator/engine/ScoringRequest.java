package io.evalstream.generator.engine;

/**
 * Log-probabilities of candidate next tokens after a prompt, from one forward pass (multiple-choice
 * scoring: MMLU's " A" … " D").
 *
 * @param adapter      adapter name, null for the base model
 * @param prompt       prompt token ids
 * @param prefixLength leading prompt tokens that are a shared prefix worth caching (0: none)
 * @param candidates   token ids whose log-probabilities are returned, in this order
 */
public record ScoringRequest(String adapter, int[] prompt, int prefixLength, int[] candidates) {

    public ScoringRequest {
        if (prompt.length == 0) {
            throw new IllegalArgumentException("empty prompt");
        }
        if (candidates.length == 0) {
            throw new IllegalArgumentException("no candidate tokens");
        }
    }
}
