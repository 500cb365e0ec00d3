package io.evalstream.generator.engine;

import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import java.util.Arrays;
import java.util.BitSet;
import java.util.List;

/**
 * Finds stop strings in a growing generation without decoding the whole text at every step. A
 * stop string can only complete on a token whose text holds one of its characters (or on a token
 * that is part of a multi-byte character), so only such tokens trigger a check, and the check
 * decodes a short window of the last tokens. The full text is decoded once, when the sequence ends.
 */
final class StopCheck {

    private final TextTokenizer tokenizer;
    private final List<String> stops;
    private final BitSet triggers;
    private final int window;

    StopCheck(TextTokenizer tokenizer, List<String> stops, int vocabSize) {
        this.tokenizer = tokenizer;
        this.stops = stops;
        this.triggers = stops.isEmpty() ? new BitSet() : tokenizer.tokensContainingAny(chars(stops), vocabSize);
        int longest = stops.stream().mapToInt(String::length).max().orElse(0);
        this.window = longest + 4;
    }

    private static String chars(List<String> stops) {
        StringBuilder sb = new StringBuilder();
        stops.forEach(sb::append);
        return sb.toString();
    }

    boolean active() {
        return !stops.isEmpty();
    }

    /** True when the sequence may now contain a stop string (then {@link #cut} finds where). */
    boolean mayStop(int[] generated, int count) {
        int last = generated[count - 1];
        if (!triggers.get(last)) {
            return false;
        }
        int from = Math.max(0, count - window);
        String tail = tokenizer.decode(Arrays.copyOfRange(generated, from, count));
        for (String stop : stops) {
            if (tail.contains(stop)) {
                return true;
            }
        }
        return false;
    }

    /** The full text cut before its first stop string, or null when none occurs. */
    String cut(String text) {
        int at = -1;
        for (String stop : stops) {
            int i = text.indexOf(stop);
            if (i >= 0 && (at < 0 || i < at)) {
                at = i;
            }
        }
        return at < 0 ? null : text.substring(0, at);
    }
}
