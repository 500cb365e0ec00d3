package io.evalstream.metrics;

import java.util.Objects;

/** The result of scoring one test case: a score in [0, 1], why, and a human-readable reason. */
public record Verdict(double score, Outcome outcome, String reason) {
    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }

    public static Verdict correct(String reason) {
        return new Verdict(1.0, Outcome.CORRECT, reason);
    }

    public static Verdict failed(Outcome outcome, String reason) {
        return new Verdict(0.0, outcome, reason);
    }
}
