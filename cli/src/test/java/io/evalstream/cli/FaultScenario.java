package io.evalstream.cli;

import io.evalstream.cli.pipeline.PublishedResults;
import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.EmbeddedBroker;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Topic;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * What the fault-injection tests share: a small run (40 Spider items, 12 MMLU questions) so many
 * trials fit in CI, the counts a run ends with in a form two runs can be compared by, and the
 * figures each scenario prints.
 */
final class FaultScenario {
    static final int SPIDER_ITEMS = 40;
    static final int MMLU_ITEMS = 12;

    /** The oracle-smoke experiment cut down, under a run id of its own; one item pair per transaction slot of 4. */
    static Path smallConfig(Path temp, String runId) throws IOException {
        return config(temp, runId, SPIDER_ITEMS, 4);
    }

    /** The oracle-smoke experiment with {@code spiderItems} Spider items, 12 MMLU questions and {@code batch} items per transaction. */
    static Path config(Path temp, String runId, int spiderItems, int batch) throws IOException {
        String yaml = Files.readString(TestData.experiments().resolve("oracle-smoke.yaml"))
                .replaceFirst("(?m)^run_id: .*$", "run_id: " + runId)
                .replaceFirst("(?m)^    split: dev .*$", "    split: dev\n    limit: " + spiderItems)
                .replaceFirst("(?m)^    per_category: .*$", "    per_category: " + MMLU_ITEMS / 3)
                .replaceFirst("(?m)^  partitions: .*$", "  partitions: 2")
                .replaceFirst("(?m)^    kind: oracle$", "    kind: oracle\n    batch_size: " + batch)
                .replaceFirst("(?m)^  workers: .*$", "  workers: 1");
        Path file = temp.resolve(runId + ".yaml");
        Files.writeString(file, yaml);
        return file;
    }

    /** A run's counts by model, benchmark and category: n, correct, unscorable. Two runs of the same items compare equal. */
    static Map<String, String> counts(RunResults results) {
        Map<String, String> counts = new TreeMap<>();
        for (AccuracyStats s : results.stats()) {
            counts.put(s.getMetric() + "@" + s.getMetricVersion() + " " + s.getModelId() + "/" + s.getBenchmark() + "/"
                    + s.getCategory(), s.getN() + " scored, " + s.getCorrect() + " correct, " + s.getUnscorable() + " unscorable");
        }
        return counts;
    }

    /** What a home's embedded broker holds for a run, read after every process on it has ended. */
    static Map<String, String> countsInHome(Path home, String runId) {
        try (EmbeddedBroker broker = EmbeddedBroker.start(home.resolve("kafka"), 0)) {
            return counts(PublishedResults.read(broker.bootstrapServers(), runId, Duration.ofSeconds(60)));
        }
    }

    /** Keys committed more than once on the stage topics: anything here was counted twice. */
    static List<String> duplicates(String bootstrap, String runId) {
        List<String> out = new ArrayList<>();
        for (Topic<?> topic : RunScenario.STAGE_TOPICS) {
            out.addAll(RunScenario.duplicated(RunScenario.committedKeys(bootstrap, topic, runId)));
        }
        return out;
    }

    static double median(List<Double> values) {
        if (values.isEmpty()) {
            return Double.NaN;
        }
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** A figure line, marked so it is easy to find in the build log. */
    static void figure(String line) {
        System.out.println("[fault-injection] " + line);
    }

    private FaultScenario() {
    }
}
