package io.evalstream.stages;

import io.evalstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.stream.Collectors;
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
 * Reads a topic's committed records from the beginning up to its end offsets at the time of the
 * call, without a consumer group: what the CLI and the API use to show the state of a run.
 * Values come back as bytes, so a reader can skip other runs' keys and tombstones before it
 * decodes with the topic's serde.
 */
public final class TopicSnapshot {

    public static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, Topic<?> topic, Duration timeout) {
        return read(bootstrapServers, topic.name(), timeout);
    }

    /**
     * The topic read as a table: the latest committed value of each key that starts with
     * {@code keyPrefix}, by key; a tombstone removes its key, a value that does not decode is passed
     * over. Other keys are skipped undecoded.
     */
    public static <V extends SpecificRecordBase> Map<String, V> latest(String bootstrapServers, Topic<V> topic, String keyPrefix,
                                                                       Duration timeout) {
        Map<String, V> latest = new TreeMap<>();
        for (ConsumerRecord<String, byte[]> r : read(bootstrapServers, topic, timeout)) {
            if (r.key() == null || !r.key().startsWith(keyPrefix)) {
                continue;
            }
            if (r.value() == null) {
                latest.remove(r.key());
            } else {
                // a record that is not a value of the topic (a hostile write) is passed over: the last real value stands
                topic.tryDecode(r.value()).ifPresent(v -> latest.put(r.key(), v));
            }
        }
        return latest;
    }

    private static List<ConsumerRecord<String, byte[]>> read(String bootstrapServers, String topic, Duration timeout) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        try (KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer())) {
            List<PartitionInfo> partitions = consumer.partitionsFor(topic, timeout);
            if (partitions == null || partitions.isEmpty()) {
                return List.of();
            }
            List<TopicPartition> tps = partitions.stream()
                    .map(pi -> new TopicPartition(topic, pi.partition()))
                    .collect(Collectors.toList());
            consumer.assign(tps);
            consumer.seekToBeginning(tps);
            Map<TopicPartition, Long> end = consumer.endOffsets(tps, timeout);
            List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
            long deadline = System.nanoTime() + timeout.toNanos();
            while (!reached(consumer, end)) {
                if (System.nanoTime() > deadline) {
                    throw new TimeoutException("reading " + topic + " took longer than " + timeout);
                }
                for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                    out.add(r);
                }
            }
            return out;
        }
    }

    /** Whether the consumer's position has reached {@code end} on every partition of it. */
    static boolean reached(KafkaConsumer<String, byte[]> consumer, Map<TopicPartition, Long> end) {
        for (Map.Entry<TopicPartition, Long> e : end.entrySet()) {
            if (consumer.position(e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    private TopicSnapshot() {
    }
}
