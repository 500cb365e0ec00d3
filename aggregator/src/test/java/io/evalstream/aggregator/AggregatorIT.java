package io.evalstream.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import io.evalstream.testing.KafkaBroker;
import io.evalstream.testing.PoisonRecords;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.function.Predicate;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aggregator on a real broker: exactly-once counts survive a restart mid-run (with its
 * local state wiped, so the counts come back from the changelogs), a replayed half of the
 * scores topic, every hostile record shape and forged scores, and end at the numbers the same scores give in one clean pass.
 */
@ExtendWith(KafkaBroker.class)
class AggregatorIT {
    static final Duration WAIT = Duration.ofSeconds(90);

    @BeforeAll
    static void topics(KafkaBroker broker) {
        broker.createTopics(3, Topics.SCORES);
        broker.createTopics(1, Topics.AGGREGATES, Topics.REGRESSION, Topics.DEAD_LETTERS, Topics.RUNS);
        PoisonRecords.allowLargeRecords(broker.bootstrapServers(), Topics.SCORES.name());
    }

    @Test
    void restartMidRunAndReplayGiveTheNumbersOfOneCleanPass(KafkaBroker broker, @TempDir Path firstState,
                                                            @TempDir Path secondState, @TempDir Path cleanState) throws Exception {
        String run = KafkaBroker.unique("run");
        String applicationId = KafkaBroker.unique("aggregator");
        List<Score> scores = TestSupport.runScores(run);
        List<Score> firstHalf = scores.subList(0, scores.size() / 2);
        List<Score> secondHalf = scores.subList(scores.size() / 2, scores.size());
        Snapshot expected = Snapshot.of(TestSupport.cleanPassResults(run, scores, cleanState));

        TestSupport.produceManifest(broker, run, scores);
        TestSupport.produce(broker, firstHalf);
        try (AggregatorApp app = new AggregatorApp(AggregatorApp.config(broker.bootstrapServers(), applicationId, firstState))) {
            app.start();
            Snapshot half = Snapshot.of(TestSupport.cleanPassResults(run, firstHalf, cleanState.resolve("half")));
            assertEquals(half, await(broker, run, snapshot -> snapshot.equals(half)), "the first half is counted before the stop");
        }
        // mid-run: the aggregator is down, the second half arrives, the first half is replayed, a bad record
        TestSupport.produce(broker, secondHalf);
        TestSupport.produce(broker, firstHalf);
        TestSupport.produceRaw(broker, "not-a-score", "garbage".getBytes(StandardCharsets.UTF_8));
        // every hostile shape, and well-formed scores the run's manifest does not expect: none may stop or move the counts
        Score sample = Score.newBuilder(scores.get(0)).setReason(PoisonRecords.MARK).build();
        List<PoisonRecords.Shape> shapes = PoisonRecords.shapes(Topics.SCORES, sample, null);
        Map<String, byte[]> poison = new LinkedHashMap<>();
        shapes.forEach(shape -> poison.put(run + "/poison/" + shape.name(), shape.value()));
        Score forged = TestScores.spider(run, "base", "spider-dev-999", "easy", true);
        Score forgedModel = TestScores.spider(run, "forger", "spider-dev-0", "easy", true);
        poison.put(forged.getScoreId(), Topics.SCORES.encode(forged));
        poison.put(forgedModel.getScoreId(), Topics.SCORES.encode(forgedModel));
        PoisonRecords.send(broker.bootstrapServers(), Topics.SCORES.name(), poison);
        try (AggregatorApp app = new AggregatorApp(AggregatorApp.config(broker.bootstrapServers(), applicationId, secondState))) {
            app.start();
            Snapshot last = await(broker, run, snapshot -> snapshot.equals(expected));
            assertEquals(expected, last);
        }
        Map<String, DeadLetter> letters = deadLetters(broker, run, shapes.size() + 1);
        assertEquals(DeadLetterKind.MALFORMED_RECORD, letters.get("not-a-score").getKind());
        for (PoisonRecords.Shape shape : shapes) {
            DeadLetter letter = letters.get(run + "/poison/" + shape.name());
            assertTrue(letter != null, "no dead letter for " + shape.name() + " in " + letters.keySet());
            assertEquals(shape.kind(), letter.getKind(), shape.name() + ": " + letter.getReason());
            assertEquals(Topics.SCORES.name(), letter.getSourceTopic());
        }
    }

    static Snapshot await(KafkaBroker broker, String run, Predicate<Snapshot> done) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        Snapshot last = null;
        while (System.nanoTime() < deadline) {
            last = Snapshot.of(published(broker, run));
            if (done.test(last)) {
                return last;
            }
            Thread.sleep(300);
        }
        return last;
    }

    /** What the cli's results command would read: the latest value of each of the run's keys. */
    static RunResults published(KafkaBroker broker, String run) {
        String prefix = RunResults.keyPrefix(run);
        Duration timeout = Duration.ofSeconds(30);
        return new RunResults(run, List.copyOf(TopicSnapshot.latest(broker.bootstrapServers(), Topics.AGGREGATES, prefix, timeout).values()),
                List.copyOf(TopicSnapshot.latest(broker.bootstrapServers(), Topics.REGRESSION, prefix, timeout).values()));
    }

    /** The aggregator's dead letters of the run (and the one keyed not-a-score), once at least {@code atLeast} are there. */
    private static Map<String, DeadLetter> deadLetters(KafkaBroker broker, String run, int atLeast) throws InterruptedException {
        Map<String, DeadLetter> letters = new TreeMap<>();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline && letters.size() < atLeast) {
            letters.clear();
            for (ConsumerRecord<String, byte[]> r : TopicSnapshot.read(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(30))) {
                if (r.key() != null && (r.key().startsWith(run + "/") || r.key().equals("not-a-score"))) {
                    DeadLetter letter = Topics.DEAD_LETTERS.decode(r.value());
                    if (letter.getStage().equals(DeadLetterHandler.STAGE)) {
                        letters.put(r.key(), letter);
                    }
                }
            }
            Thread.sleep(300);
        }
        return letters;
    }

    /** Results without their update times, comparable across runs. */
    record Snapshot(Map<String, String> stats, Map<String, String> regressions) {
        static Snapshot of(RunResults results) {
            Map<String, String> stats = new TreeMap<>();
            for (AccuracyStats s : results.stats()) {
                AccuracyStats copy = AccuracyStats.newBuilder(s).setUpdatedAt(0).build();
                stats.put(copy.getModelId() + "/" + copy.getBenchmark() + "/" + copy.getCategory(), copy.toString());
            }
            Map<String, String> regressions = new TreeMap<>();
            for (Regression r : results.regressions()) {
                Regression copy = Regression.newBuilder(r).setUpdatedAt(0).build();
                regressions.put(copy.getModelId() + "/" + copy.getBenchmark() + "/" + copy.getCategory(), copy.toString());
            }
            return new Snapshot(stats, regressions);
        }
    }
}
