package io.evalstream.aggregator;

import static io.evalstream.aggregator.TestScores.spider;
import static io.evalstream.aggregator.TestScores.statsKey;
import static io.evalstream.aggregator.TestScores.unscorable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class AggregatorTopologyTest {
    private static final String RUN = "run-1";

    @TempDir
    Path stateDir;
    private TopologyTestDriver driver;
    private TestInputTopic<String, Score> scores;
    private TestOutputTopic<String, AccuracyStats> aggregates;

    @BeforeEach
    void start() {
        driver = new TopologyTestDriver(AggregatorTopology.build(),
                AggregatorApp.config("unused:9092", "aggregator-test", stateDir));
        scores = driver.createInputTopic(Topics.SCORES.name(), Topics.SCORES.keySerde().serializer(),
                Topics.SCORES.valueSerde().serializer());
        aggregates = driver.createOutputTopic(Topics.AGGREGATES.name(), Topics.AGGREGATES.keySerde().deserializer(),
                Topics.AGGREGATES.valueSerde().deserializer());
        TestScores.pipe(driver, TestScores.countsOnly(RUN), TestScores.countsOnly("run-2"));
    }

    @AfterEach
    void stop() {
        driver.close();
    }

    private void send(Score s) {
        scores.pipeInput(s.getScoreId(), s);
    }

    @Test
    void writesEveryStatisticUnderTheKeyItsTopicMakesOfIt() {
        send(spider(RUN, "base", "spider-dev-0001", "easy", true));
        send(unscorable(RUN, "lora", "spider-dev-0004", "wta_1"));

        Map<String, AccuracyStats> latest = aggregates.readKeyValuesToMap();
        assertTrue(latest.size() >= 4, latest.keySet().toString());
        latest.forEach((key, stats) -> assertEquals(Topics.AGGREGATES.key(stats), key));
    }

    @Test
    void countsByCategoryAndInAggregateWithUnscorableApart() {
        send(spider(RUN, "base", "spider-dev-0001", "easy", true));
        send(spider(RUN, "base", "spider-dev-0002", "easy", false));
        send(spider(RUN, "base", "spider-dev-0003", "hard", true));
        send(unscorable(RUN, "base", "spider-dev-0004", "wta_1"));

        Map<String, AccuracyStats> latest = aggregates.readKeyValuesToMap();
        AccuracyStats all = latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all"));
        assertEquals(3, all.getN());
        assertEquals(2, all.getCorrect());
        assertEquals(1, all.getUnscorable());
        assertEquals(Map.of("unscorable_db_missing (wta_1)", 1L), all.getUnscorableReasons());
        assertEquals(2.0 / 3, all.getAccuracy(), 1e-12);
        assertEquals(Math.sqrt(2.0 / 9), all.getStdDevPopulation(), 1e-12);
        assertEquals(Math.sqrt(3.0 / 2 * 2.0 / 9), all.getStdDevSample(), 1e-12);
        assertEquals(Math.sqrt(2.0 / 27), all.getStdError(), 1e-12);
        assertTrue(all.getWilsonLow() < 2.0 / 3 && all.getWilsonHigh() > 2.0 / 3);

        AccuracyStats easy = latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "easy"));
        assertEquals(2, easy.getN());
        assertEquals(1, easy.getCorrect());
        AccuracyStats hard = latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "hard"));
        assertEquals(1, hard.getN());
        assertEquals(0, hard.getStdDevSample(), "undefined below two items, published as 0");
        AccuracyStats unknown = latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "unknown"));
        assertEquals(0, unknown.getN());
        assertEquals(1, unknown.getUnscorable());
    }

    @Test
    void aScoreDeliveredTwiceCountsOnce() {
        Score s = spider(RUN, "base", "spider-dev-0001", "easy", true);
        send(s);
        send(s);
        send(spider(RUN, "base", "spider-dev-0002", "easy", false));
        send(s);

        Map<String, AccuracyStats> latest = aggregates.readKeyValuesToMap();
        AccuracyStats all = latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all"));
        assertEquals(2, all.getN());
        assertEquals(1, all.getCorrect());
    }

    @Test
    void aChangedVerdictReplacesTheEarlierOne() {
        send(spider(RUN, "base", "spider-dev-0001", "easy", true));
        send(spider(RUN, "base", "spider-dev-0001", "easy", false));
        Map<String, AccuracyStats> latest = aggregates.readKeyValuesToMap();
        assertEquals(1, latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all")).getN());
        assertEquals(0, latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all")).getCorrect());

        // now unscorable, in another category: taken out of "easy", counted apart
        send(unscorable(RUN, "base", "spider-dev-0001", "wta_1"));
        latest = aggregates.readKeyValuesToMap();
        AccuracyStats all = latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all"));
        assertEquals(0, all.getN());
        assertEquals(1, all.getUnscorable());
        assertEquals(0, latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "easy")).getN());
    }

    /** The dead letter itself is checked on a real broker (AggregatorIT): the test driver drops it. */
    @Test
    void aRecordThatIsNotAScoreDoesNotStopTheAggregator() {
        driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput("broken-key", "not avro".getBytes(StandardCharsets.UTF_8));
        send(spider(RUN, "base", "spider-dev-0001", "easy", true));
        assertEquals(1, aggregates.readKeyValuesToMap().get(statsKey(RUN, "base", Benchmark.SPIDER, "all")).getN());
    }

    @Test
    void scoresOfPairsTheManifestDoesNotListAreNeverCounted() {
        Score a = spider("listed", "base", "spider-dev-0001", "easy", true);
        Score b = spider("listed", "base", "spider-dev-0002", "easy", false);
        TestScores.pipe(driver, TestScores.expecting("listed", List.of(a, b)));
        send(a);
        send(b);
        send(spider("listed", "base", "spider-dev-0003", "easy", true));     // an item the run does not have
        send(spider("listed", "forger", "spider-dev-0001", "easy", true));   // a model the run does not have
        Map<String, AccuracyStats> latest = aggregates.readKeyValuesToMap();
        AccuracyStats all = latest.get(statsKey("listed", "base", Benchmark.SPIDER, "all"));
        assertEquals(2, all.getN(), "forged scores do not raise n");
        assertEquals(1, all.getCorrect());
        assertTrue(latest.keySet().stream().noneMatch(k -> k.contains("/forger/")), latest.keySet().toString());
    }

    @Test
    void aScoreThatArrivesBeforeItsManifestWaitsForIt() {
        Score early = spider("late-manifest", "base", "spider-dev-0001", "easy", true);
        send(early);
        assertTrue(aggregates.readKeyValuesToMap().isEmpty(), "not counted while its run has no manifest");
        TestScores.pipe(driver, TestScores.expecting("late-manifest", List.of(early)));
        driver.advanceWallClockTime(Duration.ofSeconds(2));
        assertEquals(1, aggregates.readKeyValuesToMap().get(statsKey("late-manifest", "base", Benchmark.SPIDER, "all")).getN());
    }

    @Test
    void aTombstoneOnTheScoresTopicIsPassedOver() {
        driver.createInputTopic(Topics.SCORES.name(), new StringSerializer(), new ByteArraySerializer())
                .pipeInput(RUN + "/base/SPIDER/spider-dev-0001#execution_accuracy@1/official", (byte[]) null);
        send(spider(RUN, "base", "spider-dev-0002", "easy", true));
        assertEquals(1, aggregates.readKeyValuesToMap().get(statsKey(RUN, "base", Benchmark.SPIDER, "all")).getN());
    }

    @Test
    void modelsRunsAndBenchmarksAreCountedApart() {
        send(spider(RUN, "base", "spider-dev-0001", "easy", true));
        send(spider(RUN, "lora-r16", "spider-dev-0001", "easy", false));
        send(spider("run-2", "base", "spider-dev-0001", "easy", false));
        send(TestScores.mmlu(RUN, "base", "mmlu-astronomy-test-0001", "STEM", true));

        Map<String, AccuracyStats> latest = aggregates.readKeyValuesToMap();
        assertEquals(1, latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all")).getCorrect());
        assertEquals(0, latest.get(statsKey(RUN, "lora-r16", Benchmark.SPIDER, "all")).getCorrect());
        assertEquals(0, latest.get(statsKey("run-2", "base", Benchmark.SPIDER, "all")).getCorrect());
        assertEquals(1, latest.get(statsKey(RUN, "base", Benchmark.MMLU, "STEM")).getCorrect());
    }
}
