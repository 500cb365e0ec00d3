package io.evalstream.stages;

import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.AuthorizationException;
import org.apache.kafka.common.errors.OutOfOrderSequenceException;
import org.apache.kafka.common.errors.ProducerFencedException;
import org.apache.kafka.common.errors.UnsupportedVersionException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A consume-transform-produce loop with exactly-once output: each polled batch's results, its
 * dead letters and its consumer offsets commit in one Kafka transaction, read with
 * {@code read_committed}. A crash between two commits loses nothing and counts nothing twice:
 * the uncommitted batch is aborted and consumed again.
 *
 * <p>Values are decoded here rather than by the consumer's deserializer so a malformed record
 * becomes a dead letter with its reason instead of stalling the partition.
 */
public final class TransactionalStage<V extends SpecificRecordBase> implements Runnable, AutoCloseable {
    private static final Logger LOG = LoggerFactory.getLogger(TransactionalStage.class);
    /** Tries of one batch before the stage gives up and says why (a poison batch must not loop forever). */
    private static final int MAX_TRIES = 5;
    private static final int COMMIT_TRIES = 3;

    private final StageSettings settings;
    private final String inputTopic;
    private final Function<byte[], V> decoder;
    private final Predicate<V> accepts;
    private final RecordProcessor<V> processor;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong deadLettered = new AtomicLong();
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile Throwable failure;

    /**
     * @param input     the topic the stage consumes; its serde decodes the values and throws on
     *                  malformed input
     * @param accepts   which decoded values this stage instance handles (e.g. its run); others are
     *                  skipped and their offsets committed
     */
    public TransactionalStage(StageSettings settings, Topic<V> input, Predicate<V> accepts, RecordProcessor<V> processor) {
        this.settings = settings;
        this.inputTopic = input.name();
        this.decoder = input::decode;
        this.accepts = accepts;
        this.processor = processor;
    }

    /** Records handed to the processor (this process's lifetime). */
    public long processed() {
        return processed.get();
    }

    public long deadLettered() {
        return deadLettered.get();
    }

    /** The exception that stopped the loop, or null. */
    public Throwable failure() {
        return failure;
    }

    @Override
    public void run() {
        try (KafkaConsumer<String, byte[]> c = new KafkaConsumer<>(consumerProps(), new StringDeserializer(), new ByteArrayDeserializer());
             KafkaProducer<String, byte[]> producer = new KafkaProducer<>(producerProps(), new StringSerializer(), new ByteArraySerializer())) {
            consumer = c;
            producer.initTransactions();
            c.subscribe(List.of(inputTopic));
            int failedTries = 0;
            while (running.get()) {
                ConsumerRecords<String, byte[]> records = c.poll(settings.pollTimeout());
                if (records.isEmpty()) {
                    continue;
                }
                Exception retryable = processInTransaction(c, producer, records);
                if (retryable == null) {
                    failedTries = 0;
                    continue;
                }
                if (!running.get()) {
                    break;
                }
                failedTries++;
                if (failedTries > MAX_TRIES) {
                    throw new IllegalStateException("a batch from " + describe(records) + " failed " + MAX_TRIES
                            + " times in a row, last: " + retryable.getMessage(), retryable);
                }
                LOG.warn("{}: batch from {} aborted, trying again ({} of {}): {}", settings.stage(), describe(records),
                        failedTries, MAX_TRIES, retryable.toString());
                Thread.sleep(Math.min(30_000L, 500L << Math.min(failedTries, 6)));
            }
        } catch (WakeupException | InterruptedException e) {
            if (running.get()) {
                failure = e;
            }
        } catch (ProducerFencedException e) {
            failure = e;
            LOG.error("{}: another instance with transactional id {} took over; this one stops",
                    settings.stage(), settings.transactionalId());
        } catch (Throwable e) {
            // Errors too (an OutOfMemoryError in a model): whoever waits on this stage must learn it stopped
            failure = e;
            LOG.error("{} stopped: {}", settings.stage(), e.toString(), e);
        } finally {
            consumer = null;
        }
    }

    /**
     * Processes one polled batch in one transaction.
     *
     * @return null when committed (or aborted because the stage is stopping); the exception when
     *         the batch was aborted and rewound and may be tried again
     * @throws KafkaException when the producer cannot go on (fenced, unauthorized, out of sequence)
     */
    private Exception processInTransaction(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer,
                                           ConsumerRecords<String, byte[]> records) {
        producer.beginTransaction();
        try {
            TransactionOutput output = new TransactionOutput(producer);
            List<RecordProcessor.Input<V>> batch = new ArrayList<>();
            for (ConsumerRecord<String, byte[]> r : records) {
                RecordProcessor.Input<V> input;
                try {
                    V value = decoder.apply(r.value());
                    input = new RecordProcessor.Input<>(r.key(), value, r.topic(), r.partition(), r.offset(), r.value());
                } catch (RuntimeException e) {
                    output.deadLetter(new RecordProcessor.Input<>(r.key(), null, r.topic(), r.partition(), r.offset(), r.value()),
                            DeadLetterKind.MALFORMED_RECORD, "malformed record: " + e.getMessage());
                    continue;
                }
                if (accepts.test(input.value())) {
                    batch.add(input);
                }
            }
            if (!batch.isEmpty()) {
                processor.process(batch, output);
            }
            if (!running.get()) {
                // stopping (Ctrl-C): what this batch produced may be the product of a model or a
                // database pool being closed under it; abort, so the batch is redone on restart
                abortAndRewind(c, producer, records);
                return null;
            }
            producer.sendOffsetsToTransaction(nextOffsets(records), c.groupMetadata());
            commit(producer);
            processed.addAndGet(batch.size());
            deadLettered.addAndGet(output.deadLetters);
            return null;
        } catch (ProducerFencedException | OutOfOrderSequenceException | AuthorizationException
                 | UnsupportedVersionException e) {
            throw e;
        } catch (Exception e) {
            // abortable: a rebalance during the batch, a broker timeout, a processor failure
            abortAndRewind(c, producer, records);
            return e;
        }
    }

    /** A commit that times out may still complete: the same call waits for it (Kafka's producer contract). */
    private static void commit(KafkaProducer<String, byte[]> producer) {
        for (int attempt = 1; ; attempt++) {
            try {
                producer.commitTransaction();
                return;
            } catch (org.apache.kafka.common.errors.TimeoutException e) {
                if (attempt >= COMMIT_TRIES) {
                    throw e;
                }
                LOG.warn("commit timed out, waiting for it again ({} of {})", attempt, COMMIT_TRIES);
            }
        }
    }

    private static String describe(ConsumerRecords<String, byte[]> records) {
        StringBuilder sb = new StringBuilder();
        for (TopicPartition tp : records.partitions()) {
            sb.append(sb.length() == 0 ? "" : ", ").append(tp).append('@').append(records.records(tp).get(0).offset());
        }
        return sb.toString();
    }

    private void abortAndRewind(KafkaConsumer<String, byte[]> c, KafkaProducer<String, byte[]> producer,
                                ConsumerRecords<String, byte[]> records) {
        try {
            producer.abortTransaction();
        } catch (KafkaException abortFailure) {
            LOG.warn("{}: abort failed: {}", settings.stage(), abortFailure.toString());
        }
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

    private Properties consumerProps() {
        Properties p = new Properties();
        p.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ConsumerConfig.GROUP_ID_CONFIG, settings.groupId());
        p.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        p.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        p.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        p.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, settings.maxPollRecords());
        // a batch of LLM generations can take minutes on a CPU
        p.put(ConsumerConfig.MAX_POLL_INTERVAL_MS_CONFIG, (int) Duration.ofMinutes(30).toMillis());
        return p;
    }

    private Properties producerProps() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrapServers());
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, settings.transactionalId());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.TRANSACTION_TIMEOUT_CONFIG, (int) Duration.ofMinutes(15).toMillis());
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        return p;
    }

    /** Stops the loop; the batch in hand is aborted, not committed, so it is processed again next time. */
    @Override
    public void close() {
        running.set(false);
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
    }

    private final class TransactionOutput implements RecordProcessor.Output {
        private final KafkaProducer<String, byte[]> producer;
        private long deadLetters;

        TransactionOutput(KafkaProducer<String, byte[]> producer) {
            this.producer = producer;
        }

        @Override
        public <T extends SpecificRecordBase> void send(Topic<T> topic, T value) {
            producer.send(new ProducerRecord<>(topic.name(), topic.key(value), topic.encode(value)));
        }

        @Override
        public void deadLetter(RecordProcessor.Input<?> input, DeadLetterKind kind, String reason) {
            DeadLetter letter = DeadLetter.newBuilder()
                    .setStage(settings.stage())
                    .setSourceTopic(input.topic())
                    .setPartition(input.partition())
                    .setOffset(input.offset())
                    .setKey(input.key())
                    .setKind(kind)
                    .setReason(reason)
                    .setPayload(input.rawValue() == null ? null : ByteBuffer.wrap(input.rawValue()))
                    .setFailedAt(System.currentTimeMillis())
                    .build();
            send(Topics.DEAD_LETTERS, letter);
            deadLetters++;
            LOG.warn("{}: dead-lettered {} ({}:{}@{}) as {}: {}", settings.stage(), input.key(), input.topic(),
                    input.partition(), input.offset(), kind, reason);
        }
    }
}
