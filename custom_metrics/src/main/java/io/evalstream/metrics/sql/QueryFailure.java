package io.evalstream.metrics.sql;

import io.evalstream.metrics.Outcome;

/** A query that did not produce a result set, classified into an {@link Outcome}. */
public final class QueryFailure extends Exception {
    private final Outcome outcome;

    public QueryFailure(Outcome outcome, String message) {
        super(message, null, false, false);
        this.outcome = outcome;
    }

    public Outcome outcome() {
        return outcome;
    }
}
