package io.evalstream.aggregator;

import io.evalstream.schemas.Topics;
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
import org.apache.kafka.streams.StreamsConfig;

/**
 * Tells whether the aggregator is stuck: scores are waiting on its input topic, yet its committed
 * position has not moved for {@link #STUCK_AFTER}. A Kafka Streams client can sit in RUNNING or
 * REBALANCING after a long broker outage without processing anything and without an error; the
 * state alone does not show it.
 */
final class ProgressWatch implements AutoCloseable {
    static final Duration STUCK_AFTER = Duration.ofSeconds(90);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(15);
    /** A committed transaction leaves a marker after its last record; that much lag is no lag. */
    private static final long MARKER_SLACK = 1;

    private final String applicationId;
    private final Admin admin;
    private Map<TopicPartition, Long> lastCommitted = Map.of();
    private long lastMoved = System.nanoTime();
    private long lastCheck;

    ProgressWatch(Properties streamsConfig) {
        this.applicationId = streamsConfig.getProperty(StreamsConfig.APPLICATION_ID_CONFIG);
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, streamsConfig.get(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG));
        p.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10_000);
        p.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5_000);
        this.admin = Admin.create(p);
    }

    /** Resets the clock: a new client gets {@link #STUCK_AFTER} to move. */
    void restarted() {
        lastMoved = System.nanoTime();
        lastCommitted = Map.of();
    }

    /** How many scores wait unprocessed, when the position has not moved for {@link #STUCK_AFTER}; else 0. */
    long stuckWithWaiting() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_EVERY.toNanos()) {
            return 0;
        }
        lastCheck = now;
        try {
            Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(applicationId)
                    .partitionsToOffsetAndMetadata().get(10, TimeUnit.SECONDS);
            Map<TopicPartition, Long> positions = new HashMap<>();
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            committed.forEach((tp, o) -> {
                if (tp.topic().equals(Topics.SCORES.name()) && o != null) {
                    positions.put(tp, o.offset());
                    latest.put(tp, OffsetSpec.latest());
                }
            });
            if (!positions.equals(lastCommitted)) {
                lastCommitted = positions;
                lastMoved = now;
                return 0;
            }
            long waiting = 0;
            var ends = admin.listOffsets(latest, new ListOffsetsOptions(IsolationLevel.READ_COMMITTED)).all().get(10, TimeUnit.SECONDS);
            for (Map.Entry<TopicPartition, Long> e : positions.entrySet()) {
                waiting += Math.max(0, ends.get(e.getKey()).offset() - e.getValue() - MARKER_SLACK);
            }
            return waiting > 0 && now - lastMoved > STUCK_AFTER.toNanos() ? waiting : 0;
        } catch (Exception brokerUnreachable) {
            // nothing can move while the broker is away; that is an outage, not a stuck aggregator
            lastMoved = now;
            return 0;
        }
    }

    @Override
    public void close() {
        admin.close(Duration.ofSeconds(5));
    }
}
