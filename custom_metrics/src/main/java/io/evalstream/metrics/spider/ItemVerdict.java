package io.evalstream.metrics.spider;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The verdict on one dev item, with what a report groups by; one JSON line of a verdicts file.
 * {@code output} is the prediction as given, {@code executed} the SQL that ran for it (null when none ran).
 */
public record ItemVerdict(int index, String dbId, String hardness, Outcome outcome, double score, String reason,
                          String output, String executed) {

    public static ItemVerdict of(SpiderItem item, String hardness, String output, Verdict verdict) {
        return new ItemVerdict(item.index(), item.dbId(), hardness, verdict.outcome(), verdict.score(), verdict.reason(),
                output, verdict.executed());
    }

    /** Field order and names of the verdicts JSON lines: index, db_id, hardness, outcome, score, reason, output, executed. */
    public Map<String, Object> toJsonFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("db_id", dbId);
        m.put("hardness", hardness);
        m.put("outcome", outcome.label());
        m.put("score", score);
        m.put("reason", reason);
        m.put("output", output);
        m.put("executed", executed);
        return m;
    }
}
