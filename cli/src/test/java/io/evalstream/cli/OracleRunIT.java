package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.ItemPublisher;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The oracle over the whole Spider dev split and the MMLU suite, through every stage on a real
 * broker: every scorable Spider item scores 1, the 62 wta_1 items are unscorable, MMLU is
 * 150/150, and every item is counted exactly once.
 */
@ExtendWith(KafkaBroker.class)
class OracleRunIT {

    @Test
    void oracleScoresEveryScorableItemOnceAndReportsTheMissingDatabase(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("oracle");
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y);
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);
        RunPlan plan = RunPlan.build(config, data, RunVersions.of(config, data));

        Pipeline.Outcome outcome;
        try (Pipeline pipeline = new Pipeline(plan, broker.bootstrapServers(), temp.resolve("streams"))) {
            outcome = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
        }
        RunResults results = outcome.results();
        assertEquals(List.of(), outcome.deadLetters(), "nothing dead-lettered");

        AccuracyStats spider = RunScenario.stats(results, "base", Benchmark.SPIDER, "all");
        assertEquals(972, spider.getN(), "scorable Spider dev items");
        assertEquals(972, spider.getCorrect(), "the oracle is right on every scorable item");
        assertEquals(62, spider.getUnscorable(), "wta_1's items are unscorable");
        assertEquals(Map.of("unscorable_db_missing (wta_1)", 62L), spider.getUnscorableReasons());
        long byHardness = results.stats().stream()
                .filter(s -> s.getBenchmark() == Benchmark.SPIDER && !s.getCategory().equals("all"))
                .mapToLong(s -> s.getN() + s.getUnscorable()).sum();
        assertEquals(1034, byHardness, "every dev item lands in exactly one hardness level");

        AccuracyStats mmlu = RunScenario.stats(results, "base", Benchmark.MMLU, "all");
        assertEquals(150, mmlu.getN());
        assertEquals(150, mmlu.getCorrect());
        for (String category : new String[] {"STEM", "humanities", "social_sciences"}) {
            AccuracyStats c = RunScenario.stats(results, "base", Benchmark.MMLU, category);
            assertEquals(50, c.getN(), category);
            assertEquals(50, c.getCorrect(), category);
        }

        for (Topic<?> topic : RunScenario.STAGE_TOPICS) {
            Map<String, Integer> keys = RunScenario.committedKeys(broker.bootstrapServers(), topic, runId);
            assertEquals(1184, keys.size(), "one committed record per item on " + topic);
            assertTrue(RunScenario.duplicated(keys).isEmpty(), "counted twice on " + topic + ": " + RunScenario.duplicated(keys));
        }
        RunManifest manifest = new ItemPublisher(broker.bootstrapServers())
                .existingManifest(runId).orElseThrow(() -> new AssertionError("no manifest for " + runId));
        assertEquals(config.sha256(), manifest.getConfigSha256(), "the run records its config hash");
        assertEquals(1234L, manifest.getSeed());
        assertEquals(Map.of("SPIDER", 1034, "MMLU", 150), manifest.getExpectedItems());
        for (String key : new String[] {"kafka", "avro", "sqlite-jdbc", "djl", "java", "metric.execution_accuracy",
                "metric.answer_match", "prompt.spider", "prompt.mmlu"}) {
            assertTrue(manifest.getVersions().containsKey(key), "the run records " + key + ": " + manifest.getVersions());
        }
        assertEquals(1184, RunScenario.committedKeys(broker.bootstrapServers(), Topics.ITEMS, runId).values().stream()
                .mapToInt(Integer::intValue).sum(), "items produced once");
    }
}
