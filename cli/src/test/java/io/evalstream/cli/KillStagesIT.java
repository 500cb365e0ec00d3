package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.PublishedResults;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import io.evalstream.schemas.Benchmark;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection on stages running as separate processes against one cluster: the generator,
 * the scorer and the aggregator are each killed with SIGKILL mid-run and started again. Every
 * restarted stage takes its place back at once (static membership, its transactional id aborting
 * what its predecessor left open), and the run ends with the counts of an uninterrupted run.
 * Prints how long each restarted stage took to work again.
 */
@ExtendWith(KafkaBroker.class)
class KillStagesIT {
    private static final int SPIDER_ITEMS = 300;

    @Test
    void eachStageKilledAndRestartedEndsWithTheCountsOfAnUninterruptedRun(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String bootstrap = broker.bootstrapServers();
        Map<String, String> uninterrupted = uninterruptedCounts(broker, temp, data);

        String runId = KafkaBroker.unique("kill-stages");
        // more items, one per transaction: the run lasts long enough to kill each stage in the middle of it
        Path config = FaultScenario.config(temp, runId, SPIDER_ITEMS, 1);
        String[] common = {"--bootstrap-servers", bootstrap, "--data", CliProcess.path(data), "--home", CliProcess.path(temp.resolve("home"))};
        Map<String, String[]> commands = new LinkedHashMap<>();
        commands.put("aggregator", concat(new String[] {"aggregate", "--api-port", "-1"}, common));
        commands.put("scorer", concat(new String[] {"score", CliProcess.path(config)}, common));
        commands.put("generator", concat(new String[] {"generate", CliProcess.path(config)}, common));

        Map<String, CliProcess> stages = new LinkedHashMap<>();
        List<String> figures = new ArrayList<>();
        try {
            for (Map.Entry<String, String[]> e : commands.entrySet()) {
                stages.put(e.getKey(), CliProcess.start(temp, e.getValue()));
            }
            try (CliProcess produce = CliProcess.start(temp, concat(new String[] {"produce", CliProcess.path(config)}, common))) {
                assertEquals(0, produce.waitFor(120_000), produce.output());
            }
            int total = SPIDER_ITEMS + FaultScenario.MMLU_ITEMS;
            for (String victim : List.of("generator", "scorer", "aggregator")) {
                awaitCounted(bootstrap, runId, Math.min(total, counted(bootstrap, runId) + 10), 120_000);
                long before = counted(bootstrap, runId);
                stages.get(victim).kill();
                CliProcess restarted = CliProcess.start(temp, commands.get(victim));
                stages.put(victim, restarted);
                // working again: it says it runs (its group has taken it back), and the counts move on
                String ready = victim.equals("aggregator") ? "aggregator running" : ": running";
                assertTrue(restarted.awaitLine(ready, 120_000), restarted.output());
                awaitCounted(bootstrap, runId, Math.min(total, before + 1), 120_000);
                figures.add(String.format("%s killed with %d of %d items counted; restarted, it was working again %.1f s after "
                        + "its process started", victim, before, total, restarted.secondsUntil(ready)));
            }
            awaitCounted(bootstrap, runId, total, 180_000);
            RunResults results = PublishedResults.read(bootstrap, runId, Duration.ofSeconds(30));
            assertEquals(uninterrupted, FaultScenario.counts(results), "stage output:\n" + outputs(stages));
            assertEquals(List.of(), FaultScenario.duplicates(bootstrap, runId), "nothing committed twice");
        } finally {
            for (CliProcess stage : stages.values()) {
                stage.terminate(60_000);
            }
        }
        figures.forEach(FaultScenario::figure);
        assertTrue(stages.values().stream().allMatch(s -> s.stderr.stream().noneMatch(l -> l.contains("Exception in thread"))));
    }

    /** The counts of the same small run, uninterrupted, in this JVM. */
    private static Map<String, String> uninterruptedCounts(KafkaBroker broker, Path temp, Path data) throws Exception {
        String runId = KafkaBroker.unique("uninterrupted");
        Path config = FaultScenario.config(temp, runId, SPIDER_ITEMS, 8);
        var experiment = ExperimentConfigReader.read(config);
        TopicSetup.ensureTopics(broker.bootstrapServers(), experiment.partitions(), (short) 1);
        RunPlan plan = RunPlan.build(experiment, data, RunVersions.of(experiment, data));
        try (Pipeline pipeline = new Pipeline(plan, broker.bootstrapServers(), temp.resolve("streams-" + runId))) {
            Pipeline.Outcome outcome = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
            assertTrue(outcome.complete());
            return FaultScenario.counts(outcome.results());
        }
    }

    private static long counted(String bootstrap, String runId) {
        return PublishedResults.read(bootstrap, runId, Duration.ofSeconds(30)).stats().stream()
                .filter(s -> s.getCategory().equals("all") && (s.getBenchmark() == Benchmark.SPIDER || s.getBenchmark() == Benchmark.MMLU))
                .mapToLong(s -> s.getN() + s.getUnscorable()).sum();
    }

    /** Waits until the aggregates count at least {@code atLeast} items; returns System.nanoTime() then. */
    private static long awaitCounted(String bootstrap, String runId, long atLeast, long timeoutMs) throws InterruptedException {
        long deadline = System.currentTimeMillis() + timeoutMs;
        while (System.currentTimeMillis() < deadline) {
            if (counted(bootstrap, runId) >= atLeast) {
                return System.nanoTime();
            }
            Thread.sleep(100);
        }
        throw new AssertionError("the run did not count " + atLeast + " items within " + timeoutMs + " ms");
    }

    private static String outputs(Map<String, CliProcess> stages) {
        StringBuilder sb = new StringBuilder();
        stages.forEach((name, s) -> sb.append("== ").append(name).append('\n').append(s.output()).append('\n'));
        return sb.toString();
    }

    static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
