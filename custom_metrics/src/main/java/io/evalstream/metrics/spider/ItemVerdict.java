package io.evalstream.metrics.spider;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import java.util.LinkedHashMap;
import java.util.Map;

/** The verdict on one dev item, with what a report groups by; one JSON line of a verdicts file. */
public record ItemVerdict(int index, String dbId, String hardness, Outcome outcome, double score, String reason) {

    public static ItemVerdict of(SpiderItem item, String hardness, Verdict verdict) {
        return new ItemVerdict(item.index(), item.dbId(), hardness, verdict.outcome(), verdict.score(), verdict.reason());
    }

    /** Field order and names of the verdicts JSON lines: index, db_id, hardness, outcome, score, reason. */
    public Map<String, Object> toJsonFields() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("index", index);
        m.put("db_id", dbId);
        m.put("hardness", hardness);
        m.put("outcome", outcome.label());
        m.put("score", score);
        m.put("reason", reason);
        return m;
    }
}
