package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Score;

/** Builds scores the way the scorer writes them. */
final class TestScores {
    static final String METRIC = "execution_accuracy";
    static final String VERSION = "1/official";

    static Score spider(String run, String model, String item, String hardness, boolean correct) {
        return score(run, model, Benchmark.SPIDER, item, "concert_singer", hardness, true, correct,
                correct ? "correct" : "wrong_result");
    }

    static Score mmlu(String run, String model, String item, String category, boolean correct) {
        return score(run, model, Benchmark.MMLU, item, "astronomy", category, true, correct,
                correct ? "correct" : "wrong_choice");
    }

    static Score unscorable(String run, String model, String item, String group) {
        return score(run, model, Benchmark.SPIDER, item, group, "unknown", false, false, "unscorable_db_missing");
    }

    static Score score(String run, String model, Benchmark benchmark, String item, String group, String category,
                       boolean scorable, boolean correct, String outcome) {
        String predictionId = RecordKeys.predictionId(run, model, benchmark, item);
        return Score.newBuilder()
                .setScoreId(RecordKeys.scoreId(predictionId, METRIC, VERSION))
                .setPredictionId(predictionId)
                .setRunId(run).setModelId(model).setBenchmark(benchmark).setItemId(item)
                .setGroup(group).setCategory(category)
                .setMetric(METRIC).setMetricVersion(VERSION)
                .setScorable(scorable).setScore(correct ? 1.0 : 0.0).setOutcome(outcome)
                .build();
    }

    static String statsKey(String run, String model, Benchmark benchmark, String category) {
        return RecordKeys.statsKey(run, METRIC, VERSION, model, benchmark, category);
    }

    private TestScores() {
    }
}
