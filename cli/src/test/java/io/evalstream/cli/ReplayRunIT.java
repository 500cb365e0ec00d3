package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.Versions;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** A replay model gets the accuracy its predictions file deserves, next to the oracle in the same run. */
@ExtendWith(KafkaBroker.class)
class ReplayRunIT {

    @Test
    void replayedPredictionsScoreWhatTheyDeserve(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("replay");
        // first build the run's items to know the gold answers, then write predictions that are
        // right on a known subset: every Spider item whose index is not a multiple of 3, and the
        // MMLU items at even positions
        ExperimentConfig oracleOnly = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y);
        List<EvalItem> items = RunPlan.build(oracleOnly, data, Versions.all()).items();
        List<String> sql = new ArrayList<>();
        List<String> letters = new ArrayList<>();
        long spiderDeserved = 0;
        long mmluDeserved = 0;
        for (EvalItem item : sorted(items, Benchmark.SPIDER)) {
            boolean right = item.getIndex() % 3 != 0;
            sql.add(right ? item.getGold().replace('\n', ' ') : "SELECT 'not the answer'");
            if (right && item.getUnscorableReason() == null) {
                spiderDeserved++;
            }
        }
        for (EvalItem item : sorted(items, Benchmark.MMLU)) {
            boolean right = item.getIndex() % 2 == 0;
            String gold = item.getGold();
            letters.add(right ? gold : (gold.equals("A") ? "B" : "A"));
            mmluDeserved += right ? 1 : 0;
        }
        Files.write(temp.resolve("spider.sql"), sql);
        Files.write(temp.resolve("mmlu.txt"), letters);
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId,
                y -> y.replace("  - id: base\n    kind: oracle\n", "  - id: base\n    kind: oracle\n"
                        + "  - id: replayed\n    kind: replay\n    spider_predictions: spider.sql\n    mmlu_predictions: mmlu.txt\n"));
        assertEquals(List.of("base", "replayed"), config.modelIds());
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);

        RunResults results;
        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, Versions.all()), broker.bootstrapServers(), temp.resolve("streams"))) {
            results = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false)).results();
        }

        AccuracyStats spider = RunScenario.stats(results, "replayed", Benchmark.SPIDER, "all");
        assertEquals(972, spider.getN());
        assertEquals(spiderDeserved, spider.getCorrect());
        assertEquals(62, spider.getUnscorable());
        AccuracyStats mmlu = RunScenario.stats(results, "replayed", Benchmark.MMLU, "all");
        assertEquals(150, mmlu.getN());
        assertEquals(mmluDeserved, mmlu.getCorrect());
        assertEquals(972, RunScenario.stats(results, "base", Benchmark.SPIDER, "all").getCorrect());
    }

    @Test
    void aShortPredictionsFileEndsTheRunWithItsMissingItemsDeadLettered(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("short");
        ExperimentConfig probe = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y);
        List<String> sql = new ArrayList<>();
        for (EvalItem item : sorted(RunPlan.build(probe, data, Versions.all()).items(), Benchmark.SPIDER)) {
            if (item.getIndex() < 500) {
                sql.add(item.getGold().replace('\n', ' '));
            }
        }
        Files.write(temp.resolve("first500.sql"), sql);
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y
                .replace("  - id: base\n    kind: oracle\n", "  - id: base\n    kind: replay\n    spider_predictions: first500.sql\n")
                .replaceFirst("(?s)  mmlu:.*?(?=models:)", ""));
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);

        Pipeline.Outcome outcome;
        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, Versions.all()), broker.bootstrapServers(), temp.resolve("streams"))) {
            outcome = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
        }

        AccuracyStats spider = RunScenario.stats(outcome.results(), "base", Benchmark.SPIDER, "all");
        assertEquals(500, spider.getN() + spider.getUnscorable(), "the items the file covers are counted");
        assertEquals(spider.getN(), spider.getCorrect());
        assertEquals(534, outcome.deadLetters().size(), "every other item is dead-lettered, not waited for forever");
        assertTrue(outcome.deadLetters().stream().allMatch(d -> d.getStage().equals("generator")
                && d.getKind() == DeadLetterKind.UNANSWERABLE_ITEM
                && d.getReason().contains("first500.sql has 500 lines")), outcome.deadLetters().get(0).toString());
    }

    private static List<EvalItem> sorted(List<EvalItem> items, Benchmark benchmark) {
        return items.stream().filter(i -> i.getBenchmark() == benchmark)
                .sorted(Comparator.comparingInt(EvalItem::getIndex)).toList();
    }
}
