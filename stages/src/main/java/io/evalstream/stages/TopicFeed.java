package io.evalstream.stages;

import io.evalstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
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
 * Several topics' committed records, read from the beginning and then followed: each
 * {@link #readNew} hands over what was committed since the last call, up to the end offsets of the
 * moment (read_committed, no consumer group, partitions that appear later joined as they appear).
 * The live view's reader.
 */
public final class TopicFeed implements AutoCloseable {

    /** Receives one record. */
    @FunctionalInterface
    public interface Handler {
        void accept(String topic, String key, byte[] value, long timestamp);
    }

    private static final Duration READ_LIMIT = Duration.ofSeconds(10);

    private final List<Topic<?>> topics;
    private final KafkaConsumer<String, byte[]> consumer;
    private final Set<TopicPartition> assigned = new HashSet<>();

    public TopicFeed(String bootstrapServers, List<Topic<?>> topics) {
        this.topics = List.copyOf(topics);
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 2000);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Hands {@code handler} every record committed since the last call (within a time limit). */
    public synchronized void readNew(Handler handler) {
        assignNewPartitions();
        if (assigned.isEmpty()) {
            return;
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(assigned, READ_LIMIT);
        long deadline = System.nanoTime() + READ_LIMIT.toNanos();
        while (!TopicSnapshot.reached(consumer, end) && System.nanoTime() < deadline) {
            for (ConsumerRecord<String, byte[]> r : consumer.poll(Duration.ofMillis(100))) {
                handler.accept(r.topic(), r.key(), r.value(), r.timestamp());
            }
        }
    }

    private void assignNewPartitions() {
        List<TopicPartition> fresh = new ArrayList<>();
        for (Topic<?> topic : topics) {
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


    @Override
    public synchronized void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
