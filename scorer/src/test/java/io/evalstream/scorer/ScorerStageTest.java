package io.evalstream.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.RecordingOutput;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer stage on a batch handed to it directly, without a broker, scoring with the real
 * metrics on a real SQLite database made here: every prediction it can score becomes one score,
 * in input order, unscorable ones included; a prediction the metrics throw on goes to the
 * dead-letter output with its kind, and the batch goes on.
 */
class ScorerStageTest {
    private ScorerStage scorer;

    @BeforeEach
    void scorer(@TempDir Path databases) throws Exception {
        Path file = databases.resolve("concert_singer/concert_singer.sqlite");
        Files.createDirectories(file.getParent());
        try (Connection c = DriverManager.getConnection("jdbc:sqlite:" + file); Statement s = c.createStatement()) {
            s.execute("CREATE TABLE singer (singer_id INTEGER PRIMARY KEY, name TEXT, age INTEGER)");
            s.execute("INSERT INTO singer VALUES (1, 'Joe', 52), (2, 'Rosa', 41), (3, 'Timbaland', 32)");
        }
        ExecutionAccuracy accuracy = new ExecutionAccuracy(SpiderDatabases.inDatabaseFolder(databases), ExecutionOptions.defaults());
        scorer = new ScorerStage(new ScoringMetrics(accuracy), 2);
    }

    @AfterEach
    void close() {
        scorer.close();
    }

    @Test
    void scoresEveryPredictionItCanAndDeadLettersTheOnesTheMetricsThrowOn() throws Exception {
        RecordingOutput out = new RecordingOutput();

        out.process(scorer, RecordingOutput.batch(Topics.PREDICTIONS,
                spider("right", "concert_singer", "SELECT count(*) FROM singer"),
                spider("wrong", "concert_singer", "SELECT count(*) + 1 FROM singer"),
                spider("no-db-id", null, "SELECT count(*) FROM singer"),
                spider("db-missing", "wta_1", ""),
                Prediction.newBuilder(mmlu("q-right", "B")).setBenchmark(Benchmark.UNKNOWN).setItemId("unknown")
                        .setPredictionId(RecordKeys.predictionId("run", "m", Benchmark.UNKNOWN, "unknown")).build(),
                mmlu("q-right", "B")));

        Map<String, Score> scores = out.values(Topics.SCORES).stream().collect(Collectors.toMap(Score::getItemId, s -> s));
        assertEquals(List.of("right", "wrong", "db-missing", "q-right"),
                out.values(Topics.SCORES).stream().map(Score::getItemId).toList(), "one score a prediction, in input order");
        assertEquals("correct", scores.get("right").getOutcome());
        assertEquals(1.0, scores.get("right").getScore());
        assertEquals("wrong_result", scores.get("wrong").getOutcome());
        assertEquals(0.0, scores.get("wrong").getScore());
        assertEquals("correct", scores.get("q-right").getOutcome());

        Score missing = scores.get("db-missing");
        assertEquals("unscorable_db_missing", missing.getOutcome(), "unscorable items pass through as scores, reported apart");
        assertFalse(missing.getScorable());
        assertTrue(missing.getReason().contains("wta_1"), missing.getReason());

        Map<String, RecordingOutput.Letter> letters = out.deadLetters().stream()
                .collect(Collectors.toMap(l -> ((Prediction) l.input().value()).getItemId(), l -> l));
        assertEquals(2, letters.size(), letters.toString());
        assertEquals(DeadLetterKind.PROCESSING_ERROR, letters.get("no-db-id").kind());
        assertTrue(letters.get("no-db-id").reason().contains("IllegalArgumentException")
                && letters.get("no-db-id").reason().contains("has no db_id"), letters.get("no-db-id").reason());
        assertEquals(DeadLetterKind.PROCESSING_ERROR, letters.get("unknown").kind());
        assertTrue(letters.get("unknown").reason().contains("no metric for benchmark UNKNOWN"), letters.get("unknown").reason());
    }

    private static Prediction spider(String item, String dbId, String reply) {
        return base(item, Benchmark.SPIDER, reply, "SELECT count(*) FROM singer").setDbId(dbId).setGroup(dbId == null ? "none" : dbId).build();
    }

    private static Prediction mmlu(String item, String letter) {
        return base(item, Benchmark.MMLU, letter, "B").setGroup("astronomy").setCategory("STEM").build();
    }

    private static Prediction.Builder base(String item, Benchmark benchmark, String output, String gold) {
        return Prediction.newBuilder()
                .setPredictionId(RecordKeys.predictionId("run", "m", benchmark, item))
                .setRunId("run").setModelId("m").setBenchmark(benchmark).setItemId(item)
                .setGroup("g").setGold(gold).setOutput(output);
    }
}
