package io.evalstream.stages;

import java.time.Duration;
import java.util.List;
import java.util.Properties;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The consumer and transactional producer of one stage instance, with the timeouts set for this
 * workload. The defaults are made for long-lived services whose members come and go rarely; a
 * stage here is killed and restarted by hand, and every default wait showed up as a silent pause:
 * <ul>
 *   <li>{@code group.instance.id} (static membership), the stage instance's stable id: a restarted
 *       instance takes its predecessor's place in the group at once. Without it the group waits
 *       out the dead member's session (45 s by default) before it assigns anything, which is
 *       the ~45 s a restarted stage used to sit idle.</li>
 *   <li>{@code session.timeout.ms} 10 s: how long an instance that was killed and not restarted
 *       keeps its partitions from the others. The broker's minimum is 6 s.</li>
 *   <li>{@code transaction.timeout.ms} 30 s: an instance killed mid-commit and not restarted
 *       blocks read_committed readers of its output until the coordinator aborts its open
 *       transaction. A transaction here spans only sending an already computed batch
 *       ({@link BufferedOutput}), so 30 s is ample. A restarted instance aborts it at once anyway
 *       (same transactional id).</li>
 *   <li>{@code max.poll.interval.ms} 30 min: a batch of LLM generations can take minutes on a CPU.</li>
 * </ul>
 */
final class StageClients implements AutoCloseable {
    static final Duration SESSION_TIMEOUT = Duration.ofSeconds(10);
    static final Duration TRANSACTION_TIMEOUT = Duration.ofSeconds(30);
    /** How long a client call may block on an unreachable broker before it gives up and we reconnect. */
    static final Duration BLOCK_TIMEOUT = Duration.ofSeconds(30);

    final KafkaConsumer<String, byte[]> consumer;
    final KafkaProducer<String, byte[]> producer;
    private boolean leaveGroup;

    private StageClients(KafkaConsumer<String, byte[]> consumer, KafkaProducer<String, byte[]> producer) {
        this.consumer = consumer;
        this.producer = producer;
    }

    /** Opens both clients, fences a predecessor with the same transactional id and subscribes. */
    static StageClients open(StageSettings settings, String inputTopic) {
        KafkaConsumer<String, byte[]> consumer = new KafkaConsumer<>(consumerProps(settings), new StringDeserializer(),
                new ByteArrayDeserializer());
        KafkaProducer<String, byte[]> producer;
        try {
            producer = new KafkaProducer<>(producerProps(settings), new StringSerializer(), new ByteArraySerializer());
        } catch (RuntimeException e) {
            consumer.close(Duration.ZERO);
            throw e;
        }
        StageClients clients = new StageClients(consumer, producer);
        try {
            // aborts what a killed predecessor left open, so read_committed readers go on at once
            producer.initTransactions();
            consumer.subscribe(List.of(inputTopic));
            return clients;
        } catch (RuntimeException e) {
            clients.close();
            throw e;
        }
    }

    /** On a clean stop the instance leaves the group, so the others take its partitions without waiting. */
    void leaveGroupOnClose() {
        leaveGroup = true;
    }

    static Properties consumerProps(StageSettings settings) {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG, settings.transactionalId());
        p.put(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis());
        p.put(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG, (int) SESSION_TIMEOUT.toMillis() / 4);
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
        p.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) BLOCK_TIMEOUT.toMillis());
        return p;
    }

    static Properties producerProps(StageSettings settings) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) TRANSACTION_TIMEOUT.toMillis());
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) BLOCK_TIMEOUT.toMillis());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) BLOCK_TIMEOUT.toMillis());
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) BLOCK_TIMEOUT.toMillis() / 2);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return p;
    }

    @Override
    public void close() {
        try {
            producer.close(Duration.ofSeconds(5));
        } finally {
            consumer.close(CloseOptions.groupMembershipOperation(leaveGroup
                            ? CloseOptions.GroupMembershipOperation.LEAVE_GROUP
                            : CloseOptions.GroupMembershipOperation.DEFAULT)
                    .withTimeout(Duration.ofSeconds(5)));
        }
    }
}
