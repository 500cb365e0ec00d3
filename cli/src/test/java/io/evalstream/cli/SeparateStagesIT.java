package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.pipeline.PublishedResults;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.testing.KafkaBroker;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The stages as separate processes against one cluster, talking only through topics:
 * `aggregate`, `score`, `generate` and `produce` each in its own JVM, as in docker-compose.
 */
@ExtendWith(KafkaBroker.class)
class SeparateStagesIT {

    @Test
    void stagesInSeparateProcessesFinishTheRun(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("separate");
        String yaml = Files.readString(TestData.experiments().resolve("oracle-smoke.yaml"))
                .replaceFirst("(?m)^run_id: .*$", "run_id: " + runId)
                .replaceFirst("(?m)^    split: dev .*$", "    split: dev\n    limit: 100")
                .replaceFirst("(?m)^    per_category: .*$", "    per_category: 5");
        Path config = temp.resolve("separate.yaml");
        Files.writeString(config, yaml);
        String bootstrap = broker.bootstrapServers();
        String[] common = {"--bootstrap-servers", bootstrap, "--data", CliProcess.path(data),
                "--home", CliProcess.path(temp.resolve("home"))};

        List<CliProcess> stages = new ArrayList<>();
        try {
            stages.add(CliProcess.start(temp, concat(new String[] {"aggregate", "--api-port", "-1"}, common)));
            stages.add(CliProcess.start(temp, concat(new String[] {"score", CliProcess.path(config)}, common)));
            stages.add(CliProcess.start(temp, concat(new String[] {"generate", CliProcess.path(config)}, common)));
            try (CliProcess produce = CliProcess.start(temp, concat(new String[] {"produce", CliProcess.path(config)}, common))) {
                assertEquals(0, produce.waitFor(120_000), produce.output());
            }

            long deadline = System.currentTimeMillis() + 180_000;
            RunResults results = null;
            while (System.currentTimeMillis() < deadline) {
                results = PublishedResults.read(bootstrap, runId, Duration.ofSeconds(30));
                if (counted(results, Benchmark.SPIDER) == 100 && counted(results, Benchmark.MMLU) == 15) {
                    break;
                }
                Thread.sleep(500);
            }
            assertEquals(100, counted(results, Benchmark.SPIDER), "Spider items counted; stage output:\n" + outputs(stages));
            assertEquals(15, counted(results, Benchmark.MMLU), "MMLU items counted");
            AccuracyStats spider = RunScenario.stats(results, "base", Benchmark.SPIDER, "all");
            assertEquals(spider.getN(), spider.getCorrect(), "the oracle is right on every scorable item");
        } finally {
            for (CliProcess stage : stages) {
                stage.terminate(60_000);
            }
        }
    }

    private static long counted(RunResults results, Benchmark benchmark) {
        return results == null ? 0 : results.stats().stream()
                .filter(s -> s.getBenchmark() == benchmark && s.getCategory().equals("all"))
                .mapToLong(s -> s.getN() + s.getUnscorable()).sum();
    }

    private static String outputs(List<CliProcess> stages) {
        StringBuilder sb = new StringBuilder();
        stages.forEach(s -> sb.append(s.output()).append("\n====\n"));
        return sb.toString();
    }

    private static String[] concat(String[] a, String[] b) {
        String[] out = new String[a.length + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        System.arraycopy(b, 0, out, a.length, b.length);
        return out;
    }
}
