package io.evalstream.generator.engine;

/**
 * How the next token is chosen: greedy (temperature 0, the deterministic default) or sampled from
 * softmax(logits / temperature) with a per-request seed, so a result never depends on batching.
 */
public record Sampling(double temperature, long seed) {

    public static final Sampling GREEDY = new Sampling(0, 0);

    public boolean greedy() {
        return temperature <= 0;
    }
}
