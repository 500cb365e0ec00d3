package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.AvroSerde;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

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
     * the end is the last stable offset and aborted counts never show).
     */
    public static RunResults read(String bootstrapServers, String runId, Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.CLIENT_ID_CONFIG, "evalstream-results-" + runId);
        try (KafkaConsumer<String, byte[]> consumer =
                     new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<AccuracyStats> stats = latest(consumer, Topics.AGGREGATES, runId, AvroSerde.of(AccuracyStats.class), deadline);
            List<Regression> regressions = latest(consumer, Topics.REGRESSION, runId, AvroSerde.of(Regression.class), deadline);
            return new RunResults(runId, stats, regressions);
        }
    }

    private static <T extends SpecificRecordBase> List<T> latest(KafkaConsumer<String, byte[]> consumer, String topic,
                                                                 String runId, AvroSerde<T> serde, long deadline) {
        List<PartitionInfo> infos = consumer.partitionsFor(topic, remaining(deadline, topic));
        if (infos == null || infos.isEmpty()) {
            return List.of(); // the topic does not exist yet: nothing has been aggregated
        }
        List<TopicPartition> partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
        Map<TopicPartition, Long> end = new HashMap<>(consumer.endOffsets(partitions, remaining(deadline, topic)));
        String prefix = StoreKeys.runPrefix(runId);
        Map<String, T> latest = new TreeMap<>();
        while (end.entrySet().stream().anyMatch(e -> consumer.position(e.getKey(), remaining(deadline, topic)) < e.getValue())) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(200))) {
                if (r.key() == null || !r.key().startsWith(prefix)) {
                    continue;
                }
                if (r.value() == null) {
                    latest.remove(r.key());
                } else {
                    latest.put(r.key(), serde.decode(r.value()));
                }
            }
            remaining(deadline, topic);
        }
        return new ArrayList<>(latest.values());
    }

    private static Duration remaining(long deadline, String topic) {
        long left = deadline - System.nanoTime();
        if (left <= 0) {
            throw new TimeoutException("timed out reading " + topic + " to its end; is the broker up?");
        }
        return Duration.ofNanos(left);
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
