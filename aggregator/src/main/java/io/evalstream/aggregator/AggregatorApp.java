package io.evalstream.aggregator;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Runs the {@link AggregatorTopology} as a Kafka Streams application, and keeps it running: a
 * failed stream thread is replaced; a client that shut down all the same (its global thread died,
 * threads kept failing), or that sits with scores waiting and counts nothing ({@link ProgressWatch}),
 * is restarted by {@link #ensureRunning()}, which gives up loudly, with the
 * last error, after {@link #MAX_RESTARTS} restarts in {@link #RESTART_WINDOW}. Without this a
 * broker outage of a minute left the client shut down ("opted to SHUTDOWN_CLIENT", Kafka Streams'
 * default) inside a process that looked alive, and the counts silently stopped.
 */
public final class AggregatorApp implements AutoCloseable {
    public static final String DEFAULT_APPLICATION_ID = "evalstream-aggregator";
    static final Duration START_TIMEOUT = Duration.ofSeconds(120);
    static final int MAX_RESTARTS = 3;
    static final Duration RESTART_WINDOW = Duration.ofMinutes(10);
    /** Stream threads replaced in {@link #RESTART_WINDOW} before the client is shut down and restarted whole. */
    private static final int MAX_THREAD_REPLACEMENTS = 5;
    private static final Logger LOG = LoggerFactory.getLogger(AggregatorApp.class);

    private final Topology topology;
    private final Properties config;
    private final RegressionOptions options;
    private final Deque<Long> restarts = new ArrayDeque<>();
    private final Deque<Long> replacements = new ArrayDeque<>();
    private volatile KafkaStreams streams;
    private volatile Throwable lastError;
    private volatile boolean closed;
    private volatile Consumer<String> notices = LOG::info;
    private ProgressWatch progress;

    /**
     * Exactly-once, because the counts are only right if every score is counted once across
     * crashes. The commit interval is short so that the aggregates topic (read with
     * read_committed) shows progress while a run is going.
     *
     * <p>Static membership, with an instance id made from the state folder (two processes can
     * never share one): a restarted aggregator takes its place in the group at once instead of
     * waiting out its killed predecessor's session (45 s by default, the minute of silence a
     * re-run after kill -9 used to show). The session timeout is 10 s for the same reason: an
     * aggregator that was killed and not restarted holds its tasks from the others that long.
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
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), applicationId + "-"
                + UUID.nameUUIDFromBytes(stateDir.toAbsolutePath().normalize().toString().getBytes(StandardCharsets.UTF_8))
                .toString().substring(0, 8));
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), 10_000);
        p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), 2_500);
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetterHandler.class);
        p.put(StreamsConfig.DEFAULT_KEY_SERDE_CLASS_CONFIG, Serdes.StringSerde.class);
        p.put(StreamsConfig.DEFAULT_VALUE_SERDE_CLASS_CONFIG, Serdes.ByteArraySerde.class);
        return p;
    }

    public AggregatorApp(Properties config) {
        this(config, RegressionOptions.defaults());
    }

    public AggregatorApp(Properties config, RegressionOptions options) {
        this.topology = AggregatorTopology.build(options);
        this.config = config;
        this.options = options;
        this.streams = newStreams();
    }

    /**
     * Lets {@link #ensureRunning()} also restart a client that sits with scores waiting and counts
     * nothing; without positions to read it restarts only a client that has shut down.
     */
    public synchronized void watchProgress(GroupPositions positions) {
        if (progress != null) {
            progress.close();
        }
        progress = new ProgressWatch(config.getProperty(StreamsConfig.APPLICATION_ID_CONFIG), positions);
    }

    /** Where to say what the aggregator is doing (joining, restoring, restarting); the log by default. */
    public void onNotice(Consumer<String> notices) {
        this.notices = notices;
    }

    private KafkaStreams newStreams() {
        KafkaStreams s = new KafkaStreams(topology, config);
        s.setUncaughtExceptionHandler(e -> {
            lastError = e;
            if (recordAndCount(replacements) <= MAX_THREAD_REPLACEMENTS) {
                notices.accept("aggregator: a stream thread failed (" + e + "); replacing it");
                return StreamThreadExceptionResponse.REPLACE_THREAD;
            }
            notices.accept("aggregator: stream threads keep failing (" + e + "); shutting the client down to restart it");
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        });
        s.setGlobalStateRestoreListener(new RestoreNotices(n -> notices.accept(n)));
        return s;
    }

    /** Starts and returns once RUNNING; throws if it ends in ERROR or does not get there in time. */
    public void start() {
        CountDownLatch settled = new CountDownLatch(1);
        AtomicReference<KafkaStreams.State> reached = new AtomicReference<>();
        KafkaStreams s = streams;
        s.setStateListener((now, before) -> {
            if (now == KafkaStreams.State.REBALANCING && before == KafkaStreams.State.CREATED) {
                notices.accept("aggregator: joining its consumer group and restoring its state ...");
            }
            if (now == KafkaStreams.State.RUNNING || now == KafkaStreams.State.ERROR
                    || now == KafkaStreams.State.PENDING_ERROR || now == KafkaStreams.State.NOT_RUNNING) {
                reached.compareAndSet(null, now);
                settled.countDown();
            }
        });
        s.start();
        try {
            settled.await(START_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while the aggregator was starting", e);
        }
        if (reached.get() != KafkaStreams.State.RUNNING) {
            throw new IllegalStateException("the aggregator did not reach RUNNING within " + START_TIMEOUT
                    + "; it is " + s.state() + (lastError == null ? "" : " after " + lastError)
                    + " (are the topics there and the broker reachable?)");
        }
    }

    /**
     * Restarts a client that has shut down, saying why; does nothing while it runs or rebalances.
     *
     * @throws IllegalStateException when it has been restarted {@link #MAX_RESTARTS} times within
     *         {@link #RESTART_WINDOW} already: then something other than a passing outage is wrong
     */
    public synchronized void ensureRunning() {
        if (closed) {
            return;
        }
        KafkaStreams.State state = streams.state();
        String why;
        if (state == KafkaStreams.State.ERROR || state == KafkaStreams.State.NOT_RUNNING) {
            why = lastError == null ? "its Kafka Streams client is " + state : lastError.toString();
        } else {
            long waiting = progress == null ? 0 : progress.stuckWithWaiting();
            if (waiting == 0) {
                return;
            }
            why = "it is " + state + " but has counted nothing for " + ProgressWatch.STUCK_AFTER.toSeconds() + " s while "
                    + waiting + " scores wait";
        }
        if (recordAndCount(restarts) > MAX_RESTARTS) {
            throw new IllegalStateException("the aggregator stopped " + (MAX_RESTARTS + 1) + " times within "
                    + RESTART_WINDOW.toMinutes() + " min; last: " + why);
        }
        notices.accept("aggregator stopped (" + why + "); restarting it");
        streams.close(Duration.ofSeconds(30));
        streams = newStreams();
        start();
        if (progress != null) {
            progress.restarted();
        }
        notices.accept("aggregator running again");
    }

    /** The state of the client now, and the last error a thread of it died of, for a progress line. */
    public String health() {
        KafkaStreams.State state = streams.state();
        return state == KafkaStreams.State.RUNNING ? "running"
                : state + (lastError == null ? "" : " (last error: " + lastError.getMessage() + ")");
    }

    /** Notes one more event now and returns how many fell within {@link #RESTART_WINDOW}. */
    private static int recordAndCount(Deque<Long> times) {
        synchronized (times) {
            long now = System.currentTimeMillis();
            times.addLast(now);
            while (now - times.peekFirst() > RESTART_WINDOW.toMillis()) {
                times.removeFirst();
            }
            return times.size();
        }
    }

    /** The running Kafka Streams instance, for interactive queries (a new one after a restart). */
    public KafkaStreams streams() {
        return streams;
    }

    /** The cluster this aggregator counts from. */
    public String bootstrapServers() {
        return config.getProperty(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG);
    }

    public RegressionOptions options() {
        return options;
    }

    @Override
    public synchronized void close() {
        closed = true;
        if (progress != null) {
            progress.close();
        }
        // leave the group: otherwise another instance waits out this one's session before taking its tasks
        streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(30)));
    }
}
