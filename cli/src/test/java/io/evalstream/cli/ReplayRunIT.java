package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
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
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.predictions.PredictionsFileException;
import io.evalstream.metrics.predictions.SpiderPredictionsFile;
import io.evalstream.metrics.spider.DevSetScorer;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.ItemVerdict;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.metrics.spider.SpiderDevSet;
import io.evalstream.metrics.spider.SpiderItem;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Random;
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

    /**
     * Issue 8: a file in the official gold format ({@code SQL<TAB>db_id}, as dev_gold.sql) scored 25% in run and 99.6% in
     * score-file. Now run and score-file read it with the same reader and give the same verdict on every item.
     */
    @Test
    void aGoldFormatFileScoresInRunExactlyAsInScoreFile(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("goldformat");
        List<SpiderItem> dev = SpiderDevSet.read(data);
        List<String> lines = new ArrayList<>();
        for (SpiderItem item : dev) {
            String sql = switch (item.index() % 5) {
                case 0 -> "SELECT 'not the answer'";
                case 1 -> item.query().replaceAll("(?i)\\bdistinct\\s+", ""); // official drops DISTINCT anyway
                case 2 -> item.query().replace(">=", "> =") + " ; -- done";
                default -> item.query();
            };
            lines.add(sql + "\t" + item.dbId());
        }
        Path file = Files.write(temp.resolve("gold-format.sql"), lines);
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y
                .replace("  - id: base\n    kind: oracle\n", "  - id: base\n    kind: replay\n    spider_predictions: gold-format.sql\n")
                .replaceFirst("(?s)  mmlu:.*?(?=models:)", ""));
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);
        Pipeline.Outcome outcome;
        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, Versions.all()), broker.bootstrapServers(), temp.resolve("streams"))) {
            outcome = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
        }
        assertTrue(outcome.deadLetters().isEmpty(), "nothing dead-lettered: " + outcome.deadLetters());

        List<ItemVerdict> scoreFile;
        String version;
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults())) {
            scoreFile = DevSetScorer.score(dev, SpiderPredictionsFile.read(file, dev), metric);
            version = metric.version();
        }
        Map<String, Score> scores = RunScenario.scores(broker.bootstrapServers(), runId, "base", version);
        assertEquals(dev.size(), scores.size(), "one score per dev item");
        List<String> differ = new ArrayList<>();
        for (ItemVerdict v : scoreFile) {
            Score s = scores.get(String.format("spider-dev-%04d", v.index()));
            if (s == null || !s.getOutcome().equals(v.outcome().label())) {
                differ.add("dev[" + v.index() + "] score-file " + v.outcome().label() + ", run " + (s == null ? "none" : s.getOutcome()));
            } else if (v.outcome().scorable()) { // the generator asks no model about an item that cannot be scored
                assertEquals(lines.get(v.index()).substring(0, lines.get(v.index()).lastIndexOf('\t')), s.getOutput(), "the raw reply is kept");
                assertEquals(v.executed(), s.getExecuted());
            }
        }
        assertTrue(differ.isEmpty(), differ.size() + " verdicts differ: " + differ.stream().limit(5).toList());
        AccuracyStats spider = RunScenario.stats(outcome.results(), "base", Benchmark.SPIDER, "all");
        long correct = scoreFile.stream().filter(v -> v.outcome() == Outcome.CORRECT).count();
        assertEquals(correct, spider.getCorrect());
        assertEquals(972, spider.getN());
        assertTrue(correct > 972 * 3 / 4, "most lines are right: " + correct);
    }

    /** Issue 8: a file shifted by one line scored 48.7% with no warning. Now the run is refused before any record. */
    @Test
    void aShiftedFileIsRefusedBeforeAnyRecordNamingTheLine(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("shifted");
        List<String> gold = Files.readAllLines(data.resolve("spider/dev_gold.sql"));
        List<String> shifted = new ArrayList<>(gold.subList(1, gold.size()));
        shifted.add(gold.get(0));
        Files.write(temp.resolve("shifted.sql"), shifted);
        PredictionsFileException e = refusedRun(broker, temp, runId, "shifted.sql");
        // line i now holds item i + 1: caught at the first line where the database changes (item 44 is the last on concert_singer)
        assertEquals(45, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("shifted.sql:45: db_id 'pets_1' but dev.json item 44 is on 'concert_singer'"), e.getMessage());
    }

    /** Issue 8: binary garbage was read as 13 lines and the run "finished" with exit code 0. */
    @Test
    void binaryGarbageIsRefusedBeforeAnyRecordNamingTheLine(KafkaBroker broker, @TempDir Path temp) throws Exception {
        byte[] garbage = new byte[4096];
        new Random(8).nextBytes(garbage);
        garbage[100] = '\n';
        Files.write(temp.resolve("garbage.sql"), garbage);
        PredictionsFileException e = refusedRun(broker, temp, KafkaBroker.unique("garbage"), "garbage.sql");
        assertTrue(e.line() >= 1 && e.getMessage().contains("garbage.sql:" + e.line() + ":"), e.getMessage());
        assertTrue(e.getMessage().contains("not UTF-8") || e.getMessage().contains("NUL"), e.getMessage());
    }

    /** A short file used to dead-letter most of a run; now it is refused up front, naming the first missing line. */
    @Test
    void aShortFileIsRefusedBeforeAnyRecord(KafkaBroker broker, @TempDir Path temp) throws Exception {
        List<String> gold = Files.readAllLines(TestData.dataDir().resolve("spider/dev_gold.sql"));
        Files.write(temp.resolve("first500.sql"), gold.subList(0, 500));
        PredictionsFileException e = refusedRun(broker, temp, KafkaBroker.unique("short"), "first500.sql");
        assertEquals(501, e.line(), e.getMessage());
        assertTrue(e.getMessage().contains("500 lines") && e.getMessage().contains("1034"), e.getMessage());
    }

    private static PredictionsFileException refusedRun(KafkaBroker broker, Path temp, String runId, String file) throws Exception {
        Path data = TestData.dataDir();
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y
                .replace("  - id: base\n    kind: oracle\n", "  - id: base\n    kind: replay\n    spider_predictions: " + file + "\n")
                .replaceFirst("(?s)  mmlu:.*?(?=models:)", ""));
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);
        PredictionsFileException e;
        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, Versions.all()), broker.bootstrapServers(), temp.resolve("streams"))) {
            e = assertThrows(PredictionsFileException.class,
                    () -> pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false)));
        }
        for (Topic<?> topic : List.<Topic<?>>of(Topics.ITEMS, Topics.PREDICTIONS, Topics.SCORES, Topics.RUNS)) {
            assertTrue(RunScenario.committedKeys(broker.bootstrapServers(), topic, runId).isEmpty()
                    && TopicSnapshot.read(broker.bootstrapServers(), topic, Duration.ofSeconds(60)).stream()
                    .noneMatch(r -> r.key() != null && r.key().contains(runId)), "no record of " + runId + " on " + topic);
        }
        return e;
    }

    private static List<EvalItem> sorted(List<EvalItem> items, Benchmark benchmark) {
        return items.stream().filter(i -> i.getBenchmark() == benchmark)
                .sorted(Comparator.comparingInt(EvalItem::getIndex)).toList();
    }
}
