package io.evalstream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Completion comes from the manifest: the expected pairs are its items times the run's models,
 * and only a score or a dead letter for one of those pairs moves a run towards complete.
 */
class RunCompletionTest {
    private static final String RUN = "r1";
    private static final Set<String> VERSIONS = Set.of("answer_match@1");

    private final RunCompletion completion = new RunCompletion(RunManifest.newBuilder()
            .setRunId(RUN).setConfigSha256("x").setSeed(1).setExpectedItems(Map.of("MMLU", 3))
            .setItemIds(Map.of("MMLU", List.of("q1", "q2", "q3"))).setModels(List.of()).build(),
            List.of("base", "lora"), VERSIONS);

    @Test
    void aRunIsCompleteWhenEveryExpectedPairHasAScoreOrADeadLetterForIt() {
        assertEquals(6, completion.expected());
        for (String model : List.of("base", "lora")) {
            for (String item : List.of("q1", "q2")) {
                score(model, item, "answer_match", "1");
            }
        }
        completion.deadLetter(pair("base", "q3"), Optional.of(letter(pair("base", "q3"), DeadLetterKind.UNANSWERABLE_ITEM)));
        assertEquals(5, completion.done());
        assertFalse(completion.allDone());
        assertEquals(Map.of("lora/MMLU (1 missing)", List.of("q3")), completion.missing(5));

        score("lora", "q3", "answer_match", "1");
        assertTrue(completion.allDone());
        assertEquals(1, completion.deadLetters().size());
    }

    @Test
    void recordsForNoExpectedPairAreForeignAndNeverCount() {
        // the hostile tester's case: undecodable records keyed with the run id, forged scores, stray dead letters
        for (int i = 0; i < 1184; i++) {
            completion.deadLetter(RUN + "/MMLU/junk" + i, Optional.of(DeadLetter.newBuilder(letter(null, DeadLetterKind.MALFORMED_RECORD))
                    .setKey(RUN + "/MMLU/junk" + i).setOffset(i).build()));
        }
        score("base", "q999", "answer_match", "1");
        score("forger", "q1", "answer_match", "1");
        completion.prediction(pair("base", "q999"));
        completion.score(RUN + "/base/MMLU/q1#answer_match@1", Optional.empty());

        assertEquals(0, completion.done(), "nothing expected is done");
        assertEquals(0, completion.generated());
        Map<String, Long> foreign = completion.foreign();
        assertEquals(1184L, foreign.get("dead letters for no expected (model, item): MALFORMED_RECORD on evalstream.items"));
        assertEquals(2L, foreign.get("scores of no expected (model, item)"));
        assertEquals(1L, foreign.get("predictions of no expected (model, item)"));
        assertEquals(1L, foreign.get("scores that do not decode"));
    }

    @Test
    void anOlderMetricVersionsScoreDoesNotCompleteARescore() {
        score("base", "q1", "answer_match", "0");
        assertEquals(0, completion.done());
        assertTrue(completion.foreign().isEmpty(), "an old version's score is the run's, not foreign");
    }

    @Test
    void theAggregatorHasCaughtUpWhenItCountsEveryScoredPair() {
        score("base", "q1", "answer_match", "1");
        score("base", "q2", "answer_match", "1");
        assertFalse(completion.aggregatorCaughtUp(List.of(stats("base", 1))));
        assertTrue(completion.aggregatorCaughtUp(List.of(stats("base", 2))));
        assertEquals(2, completion.aggregated(List.of(stats("base", 2))));
    }

    @Test
    void aDeadLetterRefusedAgainCountsOnce() {
        DeadLetter letter = letter(pair("base", "q1"), DeadLetterKind.MODEL_ERROR);
        completion.deadLetter(RUN + "/MMLU/astronomy", Optional.of(letter));
        completion.deadLetter(RUN + "/MMLU/astronomy", Optional.of(letter));
        assertEquals(1, completion.deadLetters().size());
    }

    private void score(String model, String item, String metric, String version) {
        String pid = pair(model, item);
        completion.score(RecordKeys.scoreId(pid, metric, version), Optional.of(Score.newBuilder()
                .setScoreId(RecordKeys.scoreId(pid, metric, version)).setPredictionId(pid).setRunId(RUN).setModelId(model)
                .setBenchmark(Benchmark.MMLU).setItemId(item).setGroup("g").setCategory("STEM").setMetric(metric)
                .setMetricVersion(version).setScorable(true).setScore(1).setOutcome("correct").build()));
    }

    private static String pair(String model, String item) {
        return RecordKeys.predictionId(RUN, model, Benchmark.MMLU, item);
    }

    private static DeadLetter letter(String predictionId, DeadLetterKind kind) {
        return DeadLetter.newBuilder().setStage("generator").setSourceTopic("evalstream.items").setPartition(0).setOffset(7)
                .setKey(RUN + "/MMLU/astronomy").setPredictionId(predictionId).setKind(kind).setReason("test").build();
    }

    private static AccuracyStats stats(String model, long n) {
        return AccuracyStats.newBuilder().setRunId(RUN).setMetric("answer_match").setMetricVersion("1").setModelId(model)
                .setBenchmark(Benchmark.MMLU).setCategory("all").setN(n).setCorrect(n).setUnscorable(0).setAccuracy(1)
                .setStdDevPopulation(0).setStdDevSample(0).setStdError(0).setWilsonLow(0).setWilsonHigh(1).build();
    }
}
