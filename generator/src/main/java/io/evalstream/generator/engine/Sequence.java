package io.evalstream.generator.engine;

import io.evalstream.generator.engine.lora.LoraAdapter;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import java.util.Arrays;
import java.util.Objects;

/** One request's progress through the {@link ContinuousBatcher}: its slot, how much of its prompt is in the cache, what it generated. */
final class Sequence {

    final GenerationRequest generation;
    final ScoringRequest scoring;
    final String adapterName;
    final LoraAdapter adapter;
    final int[] prompt;
    final int prefixLength;
    final int maxNew;
    final StopCheck stops;
    final int[] generated;

    int slot = -1;
    /** Prompt tokens whose keys and values are in the slot's cache row. */
    int prefilled;
    /** Of those, tokens copied from the prefix cache. */
    int reused;
    /** Positions written so far (prompt and generated tokens fed back). */
    int length;
    int count;
    boolean decoding;
    /** A sequence in another slot that is computing the prefix this one will copy. */
    Sequence waitingOn;

    Generation result;
    double[] scores;

    private Sequence(GenerationRequest generation, ScoringRequest scoring, String adapterName, LoraAdapter adapter, int[] prompt,
                     int prefixLength, int maxNew, StopCheck stops) {
        this.generation = generation;
        this.scoring = scoring;
        this.adapterName = adapterName;
        this.adapter = adapter;
        this.prompt = prompt;
        this.prefixLength = prefixLength;
        this.maxNew = maxNew;
        this.stops = stops;
        this.generated = new int[Math.max(1, maxNew)];
    }

    static Sequence of(GenerationRequest r, LoraAdapter adapter, StopCheck stops) {
        return new Sequence(r, null, r.adapter(), adapter, r.prompt(), r.prefixLength(), r.maxNewTokens(), stops);
    }

    static Sequence of(ScoringRequest r, LoraAdapter adapter) {
        return new Sequence(null, r, r.adapter(), adapter, r.prompt(), r.prefixLength(), 0, null);
    }

    /**
     * Records a generated token; returns true when the sequence is finished (end of sequence, a stop
     * string, or its token limit), its result then set.
     */
    boolean accept(int token, TextTokenizer tokenizer) {
        if (!generation.ignoreEos() && tokenizer != null && tokenizer.eosIds().contains(token)) {
            finish(Generation.FinishReason.EOS, null, tokenizer);
            return true;
        }
        generated[count++] = token;
        if (stops.active() && stops.mayStop(generated, count)) {
            String cut = stops.cut(tokenizer.decode(Arrays.copyOf(generated, count)));
            if (cut != null) {
                finish(Generation.FinishReason.STOP_STRING, cut, tokenizer);
                return true;
            }
        }
        if (count >= maxNew) {
            finish(Generation.FinishReason.LENGTH, null, tokenizer);
            return true;
        }
        return false;
    }

    private void finish(Generation.FinishReason reason, String text, TextTokenizer tokenizer) {
        int[] tokens = Arrays.copyOf(generated, count);
        String out = text != null ? text : tokenizer == null ? "" : tokenizer.decode(tokens);
        result = new Generation(tokens, out, reason, prompt.length, reused);
    }

    boolean sharesPrefixWith(Sequence other) {
        return Objects.equals(adapterName, other.adapterName) && prefixLength == other.prefixLength && prefixLength > 0
                && Arrays.equals(prompt, 0, prefixLength, other.prompt, 0, prefixLength);
    }
}
