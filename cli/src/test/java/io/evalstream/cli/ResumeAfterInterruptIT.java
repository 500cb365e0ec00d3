package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.EmbeddedBroker;
import io.evalstream.cli.pipeline.PublishedResults;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Interrupting `evalstream run` mid-run (SIGTERM, which runs the same shutdown path as Ctrl-C) and
 * starting it again finishes the same run on the embedded broker's persistent log, with the same
 * counts: nothing lost, nothing counted twice.
 */
class ResumeAfterInterruptIT {

    @Test
    void anInterruptedRunResumesWithTheSameCounts(@TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        Path home = temp.resolve("home");
        // one item per transaction and one partition make the run slow enough to interrupt midway
        String yaml = Files.readString(TestData.experiments().resolve("oracle-smoke.yaml"))
                .replaceFirst("(?m)^run_id: .*$", "run_id: resume-test")
                .replaceFirst("(?m)^  partitions: .*$", "  partitions: 1")
                .replaceFirst("(?m)^    kind: oracle$", "    kind: oracle\n    batch_size: 1")
                .replaceFirst("(?m)^  workers: .*$", "  workers: 1");
        Path config = temp.resolve("resume.yaml");
        Files.writeString(config, yaml);
        String[] args = {"run", CliProcess.path(config), "--home", CliProcess.path(home), "--data", CliProcess.path(data)};

        long scoredWhenStopped;
        try (CliProcess first = CliProcess.start(temp, args)) {
            String bootstrap = first.awaitBroker(120_000);
            scoredWhenStopped = awaitSomeScores(bootstrap, 50, 180_000);
            first.terminate(120_000);
            assertTrue(first.stdout.stream().noneMatch(l -> l.startsWith("Run ")),
                    "the first attempt must not have finished: " + first.output());
        }
        assertTrue(scoredWhenStopped < 1184, "stopped midway, with " + scoredWhenStopped + " scores");

        try (CliProcess second = CliProcess.start(temp, args)) {
            int exit = second.waitFor(300_000);
            assertEquals(0, exit, second.output());
        }

        // look at what the two attempts left on the broker's log
        try (EmbeddedBroker broker = EmbeddedBroker.start(home.resolve("kafka"), 0)) {
            RunResults results = PublishedResults.read(broker.bootstrapServers(), "resume-test", Duration.ofSeconds(60));
            AccuracyStats spider = RunScenario.stats(results, "base", Benchmark.SPIDER, "all");
            assertEquals(972, spider.getN());
            assertEquals(972, spider.getCorrect());
            assertEquals(62, spider.getUnscorable());
            AccuracyStats mmlu = RunScenario.stats(results, "base", Benchmark.MMLU, "all");
            assertEquals(150, mmlu.getN());
            assertEquals(150, mmlu.getCorrect());
            for (Topic<?> topic : RunScenario.STAGE_TOPICS) {
                Map<String, Integer> keys = RunScenario.committedKeys(broker.bootstrapServers(), topic, "resume-test");
                assertEquals(1184, keys.size(), "every item once on " + topic);
                assertTrue(RunScenario.duplicated(keys).isEmpty(), "committed twice on " + topic + ": " + RunScenario.duplicated(keys));
            }
        }
    }

    private static long awaitSomeScores(String bootstrap, long atLeast, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            try {
                long scored = RunScenario.committedKeys(bootstrap, Topics.SCORES, "resume-test").size();
                if (scored >= atLeast) {
                    return scored;
                }
            } catch (RuntimeException topicNotThereYet) {
                // topics are created a moment after the broker starts
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no scores appeared within " + timeoutMs + " ms");
    }
}
