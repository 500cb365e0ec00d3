package io.evalstream.metrics;

import java.util.Locale;

/**
 * Why a prediction got the score it got. Every verdict carries exactly one outcome, so a
 * report can say not only how many items failed but how they failed.
 */
public enum Outcome {
    CORRECT,
    /** The prediction ran but its result set differs from the gold one. */
    WRONG_RESULT,
    /** SQLite rejected the prediction while compiling it (syntax, misuse of aggregates, unknown function, ...). */
    SYNTAX_ERROR,
    /** The prediction names a table or column the database does not have (or an ambiguous column). */
    UNKNOWN_TABLE_OR_COLUMN,
    /** The prediction ran past the per-query time limit and was interrupted. */
    TIMEOUT,
    /** The prediction returned more rows than the cap allows. */
    TOO_MANY_ROWS,
    /** The result exceeds the memory budget (or one value the size limit), or the reply exceeds the size cap. */
    TOO_LARGE,
    /** Nothing that looks like SQL could be extracted from the model output. */
    EMPTY_OUTPUT,
    /** The sandbox refused the prediction: a write, ATTACH, PRAGMA, extension loading, or a second statement. */
    REFUSED,
    /**
     * Scoring this prediction failed in a way no other outcome names (the reason names the
     * exception). Counted as wrong, never dropped: one bad item must not stop a run.
     */
    EVALUATION_ERROR,
    /** The gold query itself failed: the item cannot be scored, and this is never the model's fault. */
    UNSCORABLE_GOLD_FAILED,
    /** The item's database file is absent: the item cannot be scored. */
    UNSCORABLE_DB_MISSING,
    /** Multiple choice: the model chose a letter, and it is not the gold one. */
    WRONG_CHOICE,
    /** Multiple choice: no letter could be read from the model output. */
    NO_CHOICE;

    /** Lower snake case, as it appears in score records and reports: {@code "wrong_result"}. */
    public String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** False only for the two {@code UNSCORABLE_*} outcomes, which must be reported apart and never counted as wrong. */
    public boolean scorable() {
        return this != UNSCORABLE_GOLD_FAILED && this != UNSCORABLE_DB_MISSING;
    }

    public static Outcome fromLabel(String label) {
        return valueOf(label.trim().toUpperCase(Locale.ROOT));
    }
}
