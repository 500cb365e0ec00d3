package io.evalstream.stages;

import io.evalstream.schemas.Topic;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.FencedInstanceIdException;
import org.apache.kafka.common.errors.InterruptException;
import org.apache.kafka.common.errors.WakeupException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consume-transform-produce loop with exactly-once output: each polled batch's results, its
 * dead letters and its consumer offsets commit in one Kafka transaction, read with
 * {@code read_committed}. A crash between two commits loses nothing and counts nothing twice:
 * the uncommitted batch is aborted and consumed again.
 *
 * <p>No record stops the loop. Values are decoded here rather than by the consumer's deserializer,
 * so a null, oversized or malformed value becomes a dead letter of its kind before anything large
 * is allocated. A batch the processor keeps failing is split: each record is tried alone, and one
 * that fails alone while others succeed is dead-lettered. Only when every record of a batch fails
 * alone, again and again, is the stage itself broken (a model out of memory): then it stops and says
 * why. A lost broker is waited for, with the wait reported in {@link #status()}.
 */
public final class TransactionalStage<V extends SpecificRecordBase> implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalStage.class);
    private static final int MAX_TRIES = BatchProcessing.MAX_TRIES;
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(10);

    private final StageSettings settings;
    private final String inputTopic;
    private final BatchProcessing<V> batches;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong processed = new AtomicLong();
    private final DeadLetterTally deadLetters;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable failure;
    private volatile boolean caughtUp;
    private volatile String status = "starting";

    /**
     * @param input     the topic the stage consumes; its serde decodes the values and throws
     *                  {@link io.evalstream.schemas.UndecodableRecordException} on what is not one
     * @param accepts   which decoded values this stage instance handles (e.g. its run); others are
     *                  skipped and their offsets committed
     */
    public TransactionalStage(StageSettings settings, Topic<V> input, Predicate<V> accepts, RecordProcessor<V> processor) {
        this.settings = settings;
        this.inputTopic = input.name();
        this.batches = new BatchProcessing<>(settings.stage(), input, accepts, processor);
        this.deadLetters = new DeadLetterTally(settings.stage());
    }

    /** Records handed to the processor and committed (this process's lifetime). */
    public long processed() {
        return processed.get();
    }

    public long deadLettered() {
        return deadLetters.total();
    }

    /** Dead letters this instance committed, by the run id their record's key starts with ("(no key)" for none). */
    public Map<String, Long> deadLetteredByRun() {
        return deadLetters.byRun();
    }

    /** The exception that stopped the loop, or null. */
    public Throwable failure() {
        return failure;
    }

    /**
     * True when the last poll found nothing and this instance has read every committed record of
     * its partitions: with one instance in the group, the stage has nothing left to do for now.
     */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** What the loop is doing, for people: running, joining, waiting for the broker (and since when), stopped. */
    public String status() {
        return status;
    }

    @Override
    public void run() {
        long unreachableSince = 0;
        int reconnects = 0;
        while (running.get()) {
            try (StageClients clients = StageClients.open(settings, inputTopic)) {
                consumer = clients.consumer;
                if (reconnects > 0) {
                    LOG.warn("{}: connected again after {} s", settings.stage(), (System.currentTimeMillis() - unreachableSince) / 1000);
                }
                unreachableSince = 0;
                status = "joining its consumer group";
                loop(clients);
                clients.leaveGroupOnClose();
                status = "stopped";
                return;
            } catch (WakeupException | InterruptException e) {
                if (running.get()) {
                    stop(e, "interrupted");
                }
                return;
            } catch (FencedInstanceIdException e) {
                stop(e, "another process runs this stage as instance " + settings.transactionalId() + "; this one stops");
                return;
            } catch (BatchProcessing.StageBrokenException e) {
                stop(e, e.getMessage());
                return;
            } catch (KafkaException e) {
                // a lost broker, a timed-out or fenced transaction: new clients pick up from the last commit
                if (!running.get()) {
                    return;
                }
                if (unreachableSince == 0) {
                    unreachableSince = System.currentTimeMillis();
                }
                reconnects++;
                long waited = (System.currentTimeMillis() - unreachableSince) / 1000;
                status = "waiting for the broker (" + waited + " s): " + e.getMessage();
                LOG.warn("{}: {}; reconnecting (waiting {} s so far)", settings.stage(), e.toString(), waited);
                if (!sleep(backoff(reconnects))) {
                    return;
                }
            } catch (Throwable e) {
                // Errors too (an OutOfMemoryError in a model): whoever waits on this stage must learn it stopped
                stop(e, e.toString());
                return;
            } finally {
                consumer = null;
                caughtUp = false;
            }
        }
    }

    private void stop(Throwable e, String why) {
        failure = e;
        status = "stopped: " + why;
        LOG.error("{} stopped: {}", settings.stage(), why, e);
    }

    private void loop(StageClients clients) throws InterruptedException {
        KafkaConsumer<String, byte[]> c = clients.consumer;
        int failedTries = 0;
        while (running.get()) {
            ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
            if (records.isEmpty()) {
                caughtUp = isCaughtUp(c);
                if (!c.assignment().isEmpty()) {
                    status = "running";
                }
                continue;
            }
            caughtUp = false;
            status = "running";
            Exception failed = processInTransaction(c, clients.producer, records, failedTries);
            if (failed == null) {
                failedTries = 0;
                continue;
            }
            failedTries++;
            status = "retrying a failed batch (" + failedTries + " of " + MAX_TRIES + "): " + failed;
            LOG.warn("{}: batch from {} failed, trying again ({} of {}): {}", settings.stage(), describe(records),
                    failedTries, MAX_TRIES, failed.toString());
            if (!sleep(backoff(failedTries))) {
                return;
            }
        }
    }

    private static boolean isCaughtUp(KafkaConsumer<String, byte[]> c) {
        if (c.assignment().isEmpty()) {
            return false;
        }
        for (TopicPartition tp : c.assignment()) {
            OptionalLong lag = c.currentLag(tp);
            if (lag.isEmpty() || lag.getAsLong() > 0) {
                return false;
            }
        }
        return true;
    }

    /**
     * Processes one polled batch and commits its results, dead letters and offsets together.
     *
     * @return null when committed (or dropped because the stage is stopping); the processor's
     *         exception when the batch was rewound to be tried again
     * @throws KafkaException when the transaction failed (the batch is rewound; the caller reconnects)
     */
    private Exception processInTransaction(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer,
                                           ConsumerRecords<String, byte[]> records, int failedTries) {
        BufferedOutput output = new BufferedOutput(settings.stage());
        List<RecordProcessor.Input<V>> batch = batches.decode(records, output);
        if (!batch.isEmpty()) {
            Exception failed = batches.process(batch, output, failedTries, running::get);
            if (failed != null) {
                rewind(c, records);
                return failed;
            }
        }
        if (!running.get()) {
            // stopping (Ctrl-C): what this batch produced may come from a model or a database pool
            // being closed under it; drop it, so the batch is redone on restart
            rewind(c, records);
            return null;
        }
        try {
            producer.beginTransaction();
            output.sendTo(producer);
            producer.sendOffsetsToTransaction(nextOffsets(records), c.groupMetadata());
            producer.commitTransaction();
        } catch (KafkaException e) {
            try {
                producer.abortTransaction();
            } catch (KafkaException | IllegalStateException abortFailure) {
                // A commit that timed out cannot be aborted (IllegalStateException: it "must be
                // retried"), and a broker that is gone cannot abort anything. Either way these
                // clients are closed: the next producer with this transactional id completes or
                // aborts the open transaction when it starts, and the batch's offsets went with it.
                LOG.debug("{}: abort failed too: {}", settings.stage(), abortFailure.toString());
            }
            rewind(c, records);
            throw e;
        }
        processed.addAndGet(batch.size());
        output.committedTo(deadLetters);
        return null;
    }

    private static Duration backoff(int tries) {
        long ms = Math.min(MAX_BACKOFF.toMillis(), 250L << Math.min(tries, 8));
        return Duration.ofMillis(ms);
    }

    private boolean sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
            return running.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static String describe(ConsumerRecords<String, byte[]> records) {
        StringBuilder sb = new StringBuilder();
        for (TopicPartition tp : records.partitions()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(tp).append('@').append(records.records(tp).get(0).offset());
        }
        return sb.toString();
    }

    private static void rewind(KafkaConsumer<String, byte[]> c, ConsumerRecords<String, byte[]> records) {
        for (TopicPartition tp : records.partitions()) {
            c.seek(tp, records.records(tp).get(0).offset());
        }
    }

    private static Map<TopicPartition, OffsetAndMetadata> nextOffsets(ConsumerRecords<String, byte[]> records) {
        Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
        for (TopicPartition tp : records.partitions()) {
            List<ConsumerRecord<String, byte[]>> rs = records.records(tp);
            offsets.put(tp, new OffsetAndMetadata(rs.get(rs.size() - 1).offset() + 1));
        }
        return offsets;
    }

    /** Stops the loop; the batch in hand is dropped, not committed, so it is processed again next time. */
    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }
}
