package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * The published results of one run as they stand now: the latest committed value of every
 * aggregates and regression key of the run. Works the same on a finished and a running run,
 * and needs no aggregator to be running.
 */
public final class RunResults {
    private final String runId;
    private final List<AccuracyStats> stats;
    private final List<Regression> regressions;

    public RunResults(String runId, List<AccuracyStats> stats, List<Regression> regressions) {
        this.runId = runId;
        this.stats = stats.stream().sorted(Comparator.comparing(RunResults::statsOrder)).toList();
        this.regressions = regressions.stream().sorted(Comparator.comparing(RunResults::regressionOrder)).toList();
    }

    /**
     * Reads both topics from the beginning to their end offsets as of now, read_committed (so
     * the end is the last stable offset and aborted counts never show), keeping the latest value
     * of each of the run's keys.
     */
    public static RunResults read(String bootstrapServers, String runId, Duration timeout) {
        List<AccuracyStats> stats = latest(bootstrapServers, Topics.AGGREGATES, runId, timeout);
        List<Regression> regressions = latest(bootstrapServers, Topics.REGRESSION, runId, timeout);
        return new RunResults(runId, stats, regressions);
    }

    private static <T extends SpecificRecordBase> List<T> latest(String bootstrapServers, Topic<T> topic, String runId,
                                                                 Duration timeout) {
        String prefix = StoreKeys.runPrefix(runId);
        Map<String, T> latest = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : TopicSnapshot.read(bootstrapServers, topic, timeout)) {
            if (r.key() == null || !r.key().startsWith(prefix)) {
                continue;
            }
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                // a record that is not a value of the topic (a hostile write) is passed over: the last real value stands
                topic.tryDecode(r.value()).ifPresent(v -> latest.put(r.key(), v));
            }
        }
        return new ArrayList<>(latest.values());
    }

    public String runId() {
        return runId;
    }

    /** Statistics ordered by metric version, benchmark, model and category ("all" first). */
    public List<AccuracyStats> stats() {
        return stats;
    }

    public List<Regression> regressions() {
        return regressions;
    }

    private static String statsOrder(AccuracyStats s) {
        return String.join("\u0000", s.getMetric(), s.getMetricVersion(), s.getBenchmark().name(), s.getModelId(),
                categoryOrder(s.getCategory()));
    }

    private static String regressionOrder(Regression r) {
        return String.join("\u0000", r.getMetric(), r.getMetricVersion(), r.getBenchmark().name(), r.getModelId(),
                categoryOrder(r.getCategory()));
    }

    static String categoryOrder(String category) {
        return StatsCounts.ALL.equals(category) ? "" : category;
    }
}
