package io.evalstream.stages;

import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.IsolationLevel;
import org.apache.kafka.common.TopicPartition;

/**
 * A consumer group's committed positions on a topic and the topic's read-committed ends, read
 * with short timeouts so that an unreachable broker answers with an exception within seconds
 * instead of a minute (the watcher calling it treats that as an outage, not as being stuck).
 */
public final class GroupOffsets implements AutoCloseable {
    private static final long WAIT_SECONDS = 10;

    private final Admin admin;

    public GroupOffsets(String bootstrapServers) {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
    }

    /** The group's committed position on each partition of the topic it has one for. */
    public Map<Integer, Long> committed(String groupId, String topic) throws Exception {
        Map<TopicPartition, OffsetAndMetadata> all = admin.listConsumerGroupOffsets(groupId)
                .partitionsToOffsetAndMetadata().get(WAIT_SECONDS, TimeUnit.SECONDS);
        Map<Integer, Long> positions = new HashMap<>();
        all.forEach((tp, o) -> {
            if (tp.topic().equals(topic) && o != null) {
                positions.put(tp.partition(), o.offset());
            }
        });
        return positions;
    }

    /** Each given partition's end offset as a read_committed reader sees it (the last stable offset). */
    public Map<Integer, Long> ends(String topic, Iterable<Integer> partitions) throws Exception {
        Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
        partitions.forEach(p -> latest.put(new TopicPartition(topic, p), OffsetSpec.latest()));
        Map<Integer, Long> ends = new HashMap<>();
        admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all()
                .get(WAIT_SECONDS, TimeUnit.SECONDS)
                .forEach((tp, info) -> ends.put(tp.partition(), info.offset()));
        return ends;
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
