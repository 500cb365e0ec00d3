package io.evalstream.generator.engine;

/**
 * What one request produced.
 *
 * @param tokens       generated ids, without the end-of-sequence token
 * @param text         the decoded continuation, cut before a stop string
 * @param reusedTokens prompt tokens whose keys and values came from the prefix cache
 */
public record Generation(int[] tokens, String text, FinishReason finishReason, int promptTokens, int reusedTokens) {

    /** Why generation ended. */
    public enum FinishReason { EOS, STOP_STRING, LENGTH }
}
