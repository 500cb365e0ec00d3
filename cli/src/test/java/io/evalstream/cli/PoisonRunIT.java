package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluPayload;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import io.evalstream.testing.KafkaBroker;
import io.evalstream.testing.PoisonRecords;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fault injection: every hostile record shape (a tombstone, bytes that are not Avro, a 2 GB
 * string, a 2e9-item array, a record over the size bound) on every topic a run reads, keyed with
 * the run's id and written before it starts, plus well-formed forgeries (a prediction and scores
 * for items the manifest does not list). The run ends complete with the counts of a clean run;
 * each poison record a stage reads is a dead letter of its kind; the rest is reported as foreign.
 */
@ExtendWith(KafkaBroker.class)
class PoisonRunIT {

    @Test
    void poisonOnEveryTopicStopsNoStageAndChangesNoCount(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String bootstrap = broker.bootstrapServers();
        Map<String, String> clean = run(broker, temp, data, KafkaBroker.unique("clean")).counts;

        String runId = KafkaBroker.unique("poisoned");
        List<Topic<?>> poisoned = List.of(Topics.ITEMS, Topics.PREDICTIONS, Topics.SCORES, Topics.RUNS, Topics.DEAD_LETTERS,
                Topics.AGGREGATES, Topics.REGRESSION);
        for (Topic<?> topic : poisoned) {
            PoisonRecords.allowLargeRecords(bootstrap, topic.name());
        }
        Map<String, List<PoisonRecords.Shape>> shapesByTopic = new LinkedHashMap<>();
        shapesByTopic.put(Topics.ITEMS.name(), PoisonRecords.shapes(Topics.ITEMS, item(runId, PoisonRecords.MARK),
                PoisonRecords.encodedString(PoisonRecords.MARK)));
        shapesByTopic.put(Topics.PREDICTIONS.name(), PoisonRecords.shapes(Topics.PREDICTIONS,
                Prediction.newBuilder(prediction(runId, "forged-item")).setOutput(PoisonRecords.MARK).setChoiceLogprobs(List.of(Math.PI)).build(),
                PoisonRecords.encodedDouble(Math.PI)));
        shapesByTopic.put(Topics.SCORES.name(), PoisonRecords.shapes(Topics.SCORES,
                Score.newBuilder(score(runId, "forged-item")).setReason(PoisonRecords.MARK).build(), null));
        RunManifest manifestSample = RunManifest.newBuilder().setRunId(runId).setConfigSha256(PoisonRecords.MARK).setSeed(1)
                .setExpectedItems(Map.of()).setModels(List.of()).build();
        shapesByTopic.put(Topics.RUNS.name(), PoisonRecords.shapes(Topics.RUNS, manifestSample, null));
        DeadLetter letterSample = DeadLetter.newBuilder().setStage("x").setSourceTopic("t").setPartition(0).setOffset(0)
                .setReason(PoisonRecords.MARK).build();
        shapesByTopic.put(Topics.DEAD_LETTERS.name(), PoisonRecords.shapes(Topics.DEAD_LETTERS, letterSample, null));
        shapesByTopic.put(Topics.AGGREGATES.name(), PoisonRecords.shapes(Topics.DEAD_LETTERS, letterSample, null));
        shapesByTopic.put(Topics.REGRESSION.name(), PoisonRecords.shapes(Topics.DEAD_LETTERS, letterSample, null));
        for (Map.Entry<String, List<PoisonRecords.Shape>> e : shapesByTopic.entrySet()) {
            Map<String, byte[]> keyed = new LinkedHashMap<>();
            for (PoisonRecords.Shape shape : e.getValue()) {
                keyed.put(e.getKey().equals(Topics.RUNS.name()) ? runId : runId + "/base/MMLU/poison-" + shape.name(), shape.value());
            }
            PoisonRecords.send(bootstrap, e.getKey(), keyed);
        }
        // well-formed forgeries: a prediction and scores for an item the run does not have
        Map<String, byte[]> forged = Map.of(RecordKeys.predictionId(runId, "base", Benchmark.MMLU, "forged-item"),
                Topics.PREDICTIONS.encode(prediction(runId, "forged-item")));
        PoisonRecords.send(bootstrap, Topics.PREDICTIONS.name(), forged);
        PoisonRecords.send(bootstrap, Topics.SCORES.name(), Map.of(score(runId, "forged-score").getScoreId(),
                Topics.SCORES.encode(score(runId, "forged-score"))));

        Result poisonedRun = run(broker, temp, data, runId);

        assertEquals(clean, poisonedRun.counts, "the counts of a clean run of the same items");
        assertTrue(poisonedRun.outcome.complete());
        assertEquals(List.of(), poisonedRun.outcome.deadLetters(), "no expected pair was dead-lettered");
        Map<String, Long> foreign = poisonedRun.outcome.foreign();
        assertTrue(foreign.getOrDefault("scores of no expected (model, item)", 0L) >= 2, foreign.toString());
        assertTrue(foreign.getOrDefault("predictions of no expected (model, item)", 0L) >= 1, foreign.toString());
        assertTrue(foreign.getOrDefault("dead letters that do not decode", 0L) >= 4, foreign.toString());

        Map<String, Set<DeadLetterKind>> kindsByKey = TopicSnapshot.read(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(60)).stream()
                .filter(r -> r.key() != null && r.key().startsWith(runId + "/"))
                .flatMap(r -> Topics.DEAD_LETTERS.tryDecode(r.value()).stream())
                .collect(Collectors.groupingBy(d -> d.getSourceTopic() + " " + d.getKey(),
                        Collectors.mapping(DeadLetter::getKind, Collectors.toSet())));
        for (String topic : List.of(Topics.ITEMS.name(), Topics.PREDICTIONS.name(), Topics.SCORES.name())) {
            for (PoisonRecords.Shape shape : shapesByTopic.get(topic)) {
                Set<DeadLetterKind> kinds = kindsByKey.get(topic + " " + runId + "/base/MMLU/poison-" + shape.name());
                assertTrue(kinds != null && kinds.contains(shape.kind()), shape.name() + " on " + topic + ": " + kinds);
            }
        }
        long poisonRecords = shapesByTopic.values().stream().mapToLong(List::size).sum();
        FaultScenario.figure(String.format("poison: %d hostile records on %d topics and 3 forgeries; the run completed with the "
                + "counts of a clean run, reported foreign: %s", poisonRecords, shapesByTopic.size(), foreign));
    }

    private record Result(Pipeline.Outcome outcome, Map<String, String> counts) {
    }

    private static Result run(KafkaBroker broker, Path temp, Path data, String runId) throws Exception {
        ExperimentConfig config = ExperimentConfigReader.read(FaultScenario.smallConfig(temp, runId));
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);
        RunPlan plan = RunPlan.build(config, data, RunVersions.of(config, data));
        try (Pipeline pipeline = new Pipeline(plan, broker.bootstrapServers(), temp.resolve("streams-" + runId))) {
            Pipeline.Outcome outcome = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
            return new Result(outcome, FaultScenario.counts(outcome.results()));
        }
    }

    private static EvalItem item(String runId, String question) {
        return EvalItem.newBuilder().setRunId(runId).setBenchmark(Benchmark.MMLU).setItemId("forged-item").setGroup("astronomy")
                .setCategory("STEM").setQuestion(question).setGold("B")
                .setMmlu(MmluPayload.newBuilder().setSubject("astronomy").setChoices(List.of(PoisonRecords.MARK)).setFewShot(List.of()).build())
                .build();
    }

    private static Prediction prediction(String runId, String itemId) {
        return Prediction.newBuilder().setPredictionId(RecordKeys.predictionId(runId, "base", Benchmark.MMLU, itemId))
                .setRunId(runId).setModelId("base").setBenchmark(Benchmark.MMLU).setItemId(itemId).setGroup("astronomy")
                .setCategory("STEM").setGold("B").setOutput("B").build();
    }

    private static Score score(String runId, String itemId) {
        String pid = RecordKeys.predictionId(runId, "base", Benchmark.MMLU, itemId);
        return Score.newBuilder().setScoreId(RecordKeys.scoreId(pid, "answer_match", "1")).setPredictionId(pid).setRunId(runId)
                .setModelId("base").setBenchmark(Benchmark.MMLU).setItemId(itemId).setGroup("astronomy").setCategory("STEM")
                .setMetric("answer_match").setMetricVersion("1").setScorable(true).setScore(1).setOutcome("correct").build();
    }

}
