package io.evalstream.aggregator.run;

import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Score;
import org.apache.avro.Schema;

/**
 * What a score says about a reply beyond its verdict: the raw reply that was scored and the SQL
 * that ran for it. Score v2 carries both ({@code output}, {@code executed}); an older score has
 * neither, and the reply then comes from its prediction (the source of truth) while the executed
 * SQL is unknown. Fields are read by name, so both writer versions work without a code change.
 */
public final class ScoreTexts {
    static final String OUTPUT = "output";
    static final String EXECUTED = "executed";

    /** The reply as the model gave it: the score's copy, else the prediction's; null when neither is known. */
    public static String rawReply(Score score, Prediction prediction) {
        String scored = field(score, OUTPUT);
        if (scored != null) {
            return scored;
        }
        return prediction == null ? null : prediction.getOutput();
    }

    /** The SQL that ran for the reply (after extraction and the mode's rewrites); null when none ran or it is not recorded. */
    public static String executedSql(Score score) {
        return field(score, EXECUTED);
    }

    private static String field(Score score, String name) {
        Schema.Field field = score.getSchema().getField(name);
        if (field == null) {
            return null;
        }
        Object value = score.get(field.pos());
        return value == null ? null : value.toString();
    }

    private ScoreTexts() {
    }
}
