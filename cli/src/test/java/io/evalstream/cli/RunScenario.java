package io.evalstream.cli;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/** Helpers the end-to-end tests share: configs with a fresh run id, and reading a run's records. */
final class RunScenario {

    /** The experiment file with its run id (and anything else) replaced, written to a temp folder. */
    static ExperimentConfig config(Path source, Path tempDir, String runId, UnaryOperator<String> edit) throws IOException {
        String yaml = Files.readString(source).replaceFirst("(?m)^run_id: .*$", "run_id: " + runId);
        Path file = tempDir.resolve(runId + ".yaml");
        Files.writeString(file, edit.apply(yaml));
        return ExperimentConfigReader.read(file);
    }

    static AccuracyStats stats(RunResults results, String model, Benchmark benchmark, String category) {
        return results.stats().stream()
                .filter(s -> s.getModelId().equals(model) && s.getBenchmark() == benchmark && s.getCategory().equals(category))
                .findFirst()
                .orElseThrow(() -> new AssertionError("no statistics for " + model + " " + benchmark + " " + category
                        + " in " + results.stats()));
    }

    /** Committed records of the run on a topic, by key: more than one for a key means counted twice. */
    static Map<String, Integer> committedKeys(String bootstrap, Topic<?> topic, String runId) {
        Map<String, Integer> counts = new HashMap<>();
        TopicSnapshot.read(bootstrap, topic, Duration.ofSeconds(60)).stream()
                .filter(r -> r.key() != null && r.key().startsWith(runId + "/"))
                .forEach(r -> counts.merge(r.key(), 1, Integer::sum));
        return counts;
    }

    /** The committed scores of a run, by item id, for one model and metric version. */
    static Map<String, Score> scores(String bootstrap, String runId, String model, String metricVersion) {
        Map<String, Score> out = new HashMap<>();
        AvroSerde<Score> serde = AvroSerde.of(Score.class);
        TopicSnapshot.read(bootstrap, Topics.SCORES, Duration.ofSeconds(60)).stream()
                .filter(r -> r.key() != null && r.key().startsWith(runId + "/" + model + "/"))
                .map(r -> serde.decode(r.value()))
                .filter(s -> s.getMetricVersion().equals(metricVersion))
                .forEach(s -> out.put(s.getItemId(), s));
        return out;
    }

    static List<String> duplicated(Map<String, Integer> counts) {
        return counts.entrySet().stream().filter(e -> e.getValue() > 1).map(Map.Entry::getKey).sorted().toList();
    }

    static final List<Topic<?>> STAGE_TOPICS = List.of(Topics.PREDICTIONS, Topics.SCORES);

    private RunScenario() {
    }
}
