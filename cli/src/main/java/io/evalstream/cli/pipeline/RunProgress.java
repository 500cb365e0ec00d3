package io.evalstream.cli.pipeline;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Where a run stands, from the topics: what is already committed and whether the counts are complete. */
public final class RunProgress {

    /** Committed records of a run on a topic whose keys start with the run id (predictions, scores). */
    public static long committed(String bootstrap, Topic<?> topic, String runId, Set<String> keySuffixes) {
        String prefix = runId + "/";
        return TopicSnapshot.read(bootstrap, topic, Duration.ofSeconds(60)).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .filter(r -> keySuffixes.isEmpty() || keySuffixes.stream().anyMatch(s -> r.key().endsWith(s)))
                .map(r -> r.key())
                .distinct()
                .count();
    }

    /**
     * Dead letters of a run: records of the run (keys start with its id) a stage could not handle,
     * once per stage and source record, so a record refused again (a resumed attempt, a second
     * scorer group re-scoring) counts once.
     */
    public static List<DeadLetter> deadLetters(String bootstrap, String runId) {
        String prefix = runId + "/";
        java.util.Map<String, DeadLetter> unique = new java.util.LinkedHashMap<>();
        TopicSnapshot.read(bootstrap, Topics.DEAD_LETTERS, Duration.ofSeconds(60)).stream()
                .filter(r -> r.key() != null && r.key().startsWith(prefix))
                .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
                .forEach(d -> unique.putIfAbsent(d.getStage() + "|" + d.getSourceTopic() + "|" + d.getPartition() + "|" + d.getOffset()
                        + "|" + d.getReason(), d));
        return List.copyOf(unique.values());
    }

    /** Items counted by the aggregator (scorable plus unscorable) over every model and benchmark of the run. */
    public static long aggregated(List<AccuracyStats> stats, Map<String, String> metricVersions) {
        return stats.stream()
                .filter(s -> "all".equals(s.getCategory()))
                .filter(s -> metricVersions.getOrDefault(s.getMetric(), "").equals(s.getMetricVersion()))
                .mapToLong(s -> s.getN() + s.getUnscorable())
                .sum();
    }

    /** True when every model id has every expected item of every benchmark counted once. */
    public static boolean complete(RunManifest manifest, List<String> modelIds, List<AccuracyStats> stats,
                                   Map<String, String> metricVersions) {
        for (String modelId : modelIds) {
            for (Map.Entry<String, Integer> expected : manifest.getExpectedItems().entrySet()) {
                Benchmark benchmark = Benchmark.valueOf(expected.getKey());
                long counted = stats.stream()
                        .filter(s -> s.getModelId().equals(modelId) && s.getBenchmark() == benchmark)
                        .filter(s -> "all".equals(s.getCategory()))
                        .filter(s -> metricVersions.getOrDefault(s.getMetric(), "").equals(s.getMetricVersion()))
                        .mapToLong(s -> s.getN() + s.getUnscorable())
                        .sum();
                if (counted < expected.getValue()) {
                    return false;
                }
            }
        }
        return true;
    }

    private RunProgress() {
    }
}
