package io.evalstream.aggregator;

import io.evalstream.schemas.Score;

/**
 * What one score says about one item for one model, reduced to what the counts need. Two
 * deliveries of a score with equal verdicts are the same fact; a different verdict for the same
 * score id replaces the earlier one.
 *
 * <p>Scores are Bernoulli: a score of 0.5 or more counts as correct (the metrics emit 1 or 0).
 */
public record ScoreVerdict(String scoreId, String group, String category, boolean scorable, boolean correct,
                      String outcome) {

    public static ScoreVerdict of(Score score) {
        boolean scorable = score.getScorable();
        return new ScoreVerdict(score.getScoreId(), score.getGroup(), score.getCategory(), scorable,
                scorable && score.getScore() >= 0.5, score.getOutcome());
    }

    /** Key of {@code unscorable_reasons}: the outcome and its group, e.g. "unscorable_db_missing (wta_1)". */
    public String unscorableReason() {
        return outcome + " (" + group + ")";
    }
}
