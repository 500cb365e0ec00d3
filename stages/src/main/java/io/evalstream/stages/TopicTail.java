package io.evalstream.stages;

import io.evalstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.TimeoutException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

/**
 * A topic's committed records, read from the beginning and then followed: each {@link #next} call
 * returns what was committed since the last one, up to the end offsets at the time of the call.
 * What a run's progress watches, without re-reading whole topics every half second and without a
 * consumer group. Values are bytes; the reader decodes what it needs.
 */
public final class TopicTail implements AutoCloseable {
    private final String topic;
    private final KafkaConsumer<String, byte[]> consumer;
    private List<TopicPartition> partitions;

    public TopicTail(String bootstrapServers, Topic<?> topic) {
        this.topic = topic.name();
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        this.consumer = new KafkaConsumer<>(p, new StringDeserializer(), new ByteArrayDeserializer());
    }

    /** Records committed since the last call (all of them on the first), in partition order. */
    public List<ConsumerRecord<String, byte[]>> next(Duration timeout) {
        if (partitions == null) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, timeout);
            if (infos == null || infos.isEmpty()) {
                return List.of();
            }
            partitions = infos.stream().map(i -> new TopicPartition(topic, i.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
        }
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions, timeout);
        List<ConsumerRecord<String, byte[]>> out = new ArrayList<>();
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!TopicSnapshot.reached(consumer, end)) {
            if (System.nanoTime() > deadline) {
                throw new TimeoutException("reading " + topic + " took longer than " + timeout);
            }
            consumer.poll(Duration.ofMillis(100)).forEach(out::add);
        }
        return out;
    }


    @Override
    public void close() {
        consumer.close(Duration.ofSeconds(5));
    }
}
