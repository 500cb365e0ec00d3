package io.evalstream.metrics.spider;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.sql.QueryResult;

/** What running a gold query gave: its rows, or why it failed (then the item is unscorable). */
public record GoldResult(QueryResult result, Outcome failureOutcome, String failure) {
    public static GoldResult of(QueryResult result) {
        return new GoldResult(result, null, null);
    }

    public static GoldResult failed(Outcome outcome, String failure) {
        return new GoldResult(null, outcome, failure);
    }

    public boolean succeeded() {
        return result != null;
    }
}
