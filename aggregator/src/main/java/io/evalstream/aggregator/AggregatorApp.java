package io.evalstream.aggregator;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;

/** Runs the {@link AggregatorTopology} as a Kafka Streams application. */
public final class AggregatorApp implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "evalstream-aggregator";
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);

    private final KafkaStreams streams;
    private final RegressionOptions options;
    private final String bootstrapServers;

    /**
     * Exactly-once, because the counts are only right if every score is counted once across
     * crashes. The commit interval is short so that the aggregates topic (read with
     * read_committed) shows progress while a run is going.
     */
    public static Properties config(String bootstrapServers, String applicationId, Path stateDir) {
        Properties p = new Properties();
        p.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, applicationId);
        p.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toAbsolutePath().toString());
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, 200);
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.ISOLATION_LEVEL_CONFIG), "read_committed");
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG), "earliest");
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        return p;
    }

    public AggregatorApp(Properties config) {
        this(config, RegressionOptions.defaults());
    }

    public AggregatorApp(Properties config, RegressionOptions options) {
        this.streams = new KafkaStreams(AggregatorTopology.build(options), config);
        this.options = options;
        this.bootstrapServers = config.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    /** Starts and returns once RUNNING; throws if it ends in ERROR or does not get there in time. */
    public void start() {
        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<KafkaStreams.State> reached = new AtomicReference<>();
        streams.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                reached.compareAndSet(null, now);
                settled.countDown();
            }
        });
        streams.start();
        try {
            settled.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the aggregator was starting", e);
        }
        if (reached.get() != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException("the aggregator did not reach RUNNING within " + START_TIMEOUT
                    + "; it is " + streams.state() + " (are the topics there and the broker reachable?)");
        }
    }

    /** The running Kafka Streams instance, for interactive queries. */
    public KafkaStreams streams() {
        return streams;
    }

    /** The cluster it reads: the live view follows the run's other topics there. */
    public String bootstrapServers() {
        return bootstrapServers;
    }

    public RegressionOptions options() {
        return options;
    }

    @Override
    public void close() {
        // leave the group: otherwise the next start waits out the old member's session timeout (45 s)
        streams.close(org.apache.kafka.streams.CloseOptions
                .groupMembershipOperation(org.apache.kafka.streams.CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
