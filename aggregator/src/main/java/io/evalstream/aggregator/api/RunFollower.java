package io.evalstream.aggregator.api;

import io.evalstream.aggregator.run.ProgressRate;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * Follows the run manifests, items, predictions, scores and dead letters of every run for the live
 * view: each {@link #refresh} reads what was committed since the last one (read_committed, no
 * consumer group) into a {@link RunRecords} join, and times each model's generated and scored
 * predictions by their record timestamps, for items per second and time left.
 */
final class RunFollower implements AutoCloseable {
    static final String GENERATE = "generate";
    static final String SCORE = "score";
    private static final Duration MIN_REFRESH = Duration.ofMillis(500);
    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final KafkaConsumer<String, byte[]> consumer;
    private final RunRecords records = new RunRecords(null);
    private final Map<String, ProgressRate> rates = new HashMap<>();
    private final Map<String, Set<String>> seen = new HashMap<>();
    private final Set<TopicPartition> assigned = new HashSet<>();
    private long lastRefresh;

    RunFollower(String bootstrapServers) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Reads what is new, at most every half second however often the page polls. */
    synchronized RunRecords refresh() {
        long now = System.currentTimeMillis();
        if (now - lastRefresh < MIN_REFRESH.toMillis()) {
            return records;
        }
        lastRefresh = now;
        assignNewPartitions();
        if (assigned.isEmpty()) {
            return records;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_LIMIT);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!reached(end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                records.accept(r.topic(), r.key(), r.value());
                time(r);
            }
        }
        return records;
    }

    /** The pace of one model's predictions (stage "generate") or scores ("score") in a run. */
    synchronized ProgressRate rate(String runId, String stage, String modelId) {
        return rates.computeIfAbsent(runId + "|" + stage + "|" + modelId, k -> new ProgressRate());
    }

    /** Counts each model's distinct predictions and scored predictions at the time their records were written. */
    private void time(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null || r.value() == null) {
            return;
        }
        String stage = r.topic().equals(Topics.PREDICTIONS.name()) ? GENERATE : r.topic().equals(Topics.SCORES.name()) ? SCORE : null;
        if (stage == null) {
            return;
        }
        // run/model/BENCHMARK/item, then #metric@version on scores: a score counts its prediction once
        String predictionId = r.key().contains("#") ? r.key().substring(0, r.key().indexOf('#')) : r.key();
        String[] parts = predictionId.split(RecordKeys.SEPARATOR, 4);
        if (parts.length < 4) {
            return;
        }
        Set<String> done = seen.computeIfAbsent(parts[0] + "|" + stage + "|" + parts[1], k -> new HashSet<>());
        if (done.add(predictionId)) {
            rate(parts[0], stage, parts[1]).observe(r.timestamp(), done.size());
        }
    }

    private void assignNewPartitions() {
        List<TopicPartition> fresh = new ArrayList<>();
        for (Topic<?> topic : RunRecords.TOPICS) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic.name(), READ_LIMIT);
            if (partitions == null) {
                continue;
            }
            for (PartitionInfo pi : partitions) {
                TopicPartition tp = new TopicPartition(pi.topic(), pi.partition());
                if (!assigned.contains(tp)) {
                    fresh.add(tp);
                }
            }
        }
        if (!fresh.isEmpty()) {
            assigned.addAll(fresh);
            consumer.assign(assigned);
            consumer.seekToBeginning(fresh);
        }
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    @Override
    public synchronized void close() {
        consumer.close();
    }
}
