package io.evalstream.metrics;

import java.util.Objects;

/**
 * The result of scoring one test case: a score in [0, 1], why, a human-readable reason, and the
 * SQL that was executed for the prediction (null when nothing ran or the metric runs no SQL), so
 * a reader sees both the raw reply and what it became.
 */
public record Verdict(double score, Outcome outcome, String reason, String executed) {
    public Verdict {
        Objects.requireNonNull(outcome, "outcome");
        reason = reason == null ? "" : reason;
    }

    public Verdict(double score, Outcome outcome, String reason) {
        this(score, outcome, reason, null);
    }

    public static Verdict correct(String reason) {
        return new Verdict(1.0, Outcome.CORRECT, reason);
    }

    public static Verdict failed(Outcome outcome, String reason) {
        return new Verdict(0.0, outcome, reason);
    }

    /** This verdict, recording the SQL that ran for the prediction. */
    public Verdict withExecuted(String sql) {
        return new Verdict(score, outcome, reason, sql);
    }
}
