package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Builds scores the way the scorer writes them. */
final class TestScores {
    static final String METRIC = "execution_accuracy";
    static final String VERSION = "1/official";

    static Score spider(String run, String model, String item, String hardness, boolean correct) {
        return score(run, model, Benchmark.SPIDER, item, "concert_singer", hardness, true, correct,
                correct ? "correct" : "wrong_result");
    }

    static Score mmlu(String run, String model, String item, String category, boolean correct) {
        return score(run, model, Benchmark.MMLU, item, "astronomy", category, true, correct,
                correct ? "correct" : "wrong_choice");
    }

    static Score unscorable(String run, String model, String item, String group) {
        return score(run, model, Benchmark.SPIDER, item, group, "unknown", false, false, "unscorable_db_missing");
    }

    static Score score(String run, String model, Benchmark benchmark, String item, String group, String category,
                       boolean scorable, boolean correct, String outcome) {
        String predictionId = RecordKeys.predictionId(run, model, benchmark, item);
        return Score.newBuilder()
                .setScoreId(RecordKeys.scoreId(predictionId, METRIC, VERSION))
                .setPredictionId(predictionId)
                .setRunId(run).setModelId(model).setBenchmark(benchmark).setItemId(item)
                .setGroup(group).setCategory(category)
                .setMetric(METRIC).setMetricVersion(VERSION)
                .setScorable(scorable).setScore(correct ? 1.0 : 0.0).setOutcome(outcome)
                .build();
    }

    /** A manifest that lists no item ids (as before v2): every score of the run counts. */
    static RunManifest countsOnly(String run) {
        return manifest(run, List.of(), Map.of());
    }

    /** A manifest expecting exactly the (model, item) pairs of these scores. */
    static RunManifest expecting(String run, List<Score> scores) {
        Map<String, List<String>> items = new TreeMap<>();
        scores.forEach(s -> items.computeIfAbsent(s.getBenchmark().name(), b -> new ArrayList<>()).add(s.getItemId()));
        items.replaceAll((b, ids) -> ids.stream().distinct().toList());
        return manifest(run, scores.stream().map(Score::getModelId).distinct().toList(), items);
    }

    static RunManifest manifest(String run, List<String> models, Map<String, List<String>> itemIds) {
        Map<String, Integer> expected = new TreeMap<>();
        itemIds.forEach((b, ids) -> expected.put(b, ids.size()));
        return RunManifest.newBuilder().setRunId(run).setConfigSha256("test").setSeed(1).setExpectedItems(expected)
                .setItemIds(itemIds)
                .setModels(models.stream().map(m -> ModelInfo.newBuilder().setModelId(m).setKind("test").build()).toList())
                .build();
    }

    /** Puts manifests on the runs topic of a test driver: the aggregator counts only what a manifest expects. */
    static void pipe(TopologyTestDriver driver, RunManifest... manifests) {
        TestInputTopic<String, byte[]> runs = driver.createInputTopic(Topics.RUNS.name(),
                new StringSerializer(), new ByteArraySerializer());
        for (RunManifest m : manifests) {
            runs.pipeInput(m.getRunId(), Topics.RUNS.encode(m));
        }
    }

    static String statsKey(String run, String model, Benchmark benchmark, String category) {
        return RecordKeys.statsKey(run, METRIC, VERSION, model, benchmark, category);
    }

    private TestScores() {
    }
}
