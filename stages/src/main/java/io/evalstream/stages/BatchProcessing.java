package io.evalstream.stages;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.UndecodableRecordException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;

/**
 * What a {@link TransactionalStage} does with a polled batch before any of it reaches Kafka:
 * decode each value (what does not decode becomes a dead letter of its kind), keep this
 * instance's records, run the processor, and split a batch that keeps failing so that one bad
 * record cannot hold up the others or the stage.
 */
final class BatchProcessing<V extends SpecificRecordBase> {
    /** Tries of a failing batch before its records are tried one by one. */
    static final int TRIES_BEFORE_SPLITTING = 2;
    /** Tries of a batch whose records all fail alone before the stage gives up and says why. */
    static final int MAX_TRIES = 5;

    private final String stage;
    private final String inputTopic;
    private final Function<byte[], V> decoder;
    private final Predicate<V> accepts;
    private final RecordProcessor<V> processor;

    BatchProcessing(String stage, Topic<V> input, Predicate<V> accepts, RecordProcessor<V> processor) {
        this.stage = stage;
        this.inputTopic = input.name();
        this.decoder = input::decode;
        this.accepts = accepts;
        this.processor = processor;
    }

    /** Decoded records of this instance; what does not decode is dead-lettered with its kind. */
    List<RecordProcessor.Input<V>> decode(ConsumerRecords<String, byte[]> records, BufferedOutput output) {
        List<RecordProcessor.Input<V>> batch = new ArrayList<>();
        for (ConsumerRecord<String, byte[]> r : records) {
            RecordProcessor.Input<V> undecoded = new RecordProcessor.Input<>(r.key(), null, r.topic(), r.partition(), r.offset(), r.value());
            V value;
            try {
                value = decoder.apply(r.value());
            } catch (UndecodableRecordException e) {
                output.deadLetter(undecoded, e.kind(), e.getMessage());
                continue;
            } catch (RuntimeException e) {
                output.deadLetter(undecoded, DeadLetterKind.MALFORMED_RECORD, "cannot decode: " + e);
                continue;
            }
            boolean mine;
            try {
                mine = accepts.test(value);
            } catch (RuntimeException e) {
                output.deadLetter(undecoded, DeadLetterKind.PROCESSING_ERROR, "cannot tell which run this record belongs to: " + e);
                continue;
            }
            if (mine) {
                batch.add(new RecordProcessor.Input<>(r.key(), value, r.topic(), r.partition(), r.offset(), r.value()));
            }
        }
        return batch;
    }

    /**
     * Runs the processor on the batch; after {@link #TRIES_BEFORE_SPLITTING} failed tries, on each
     * record alone, dead-lettering a record that fails alone while others succeed.
     *
     * @return null when the batch's results are in {@code output}; the failure when the whole batch must be tried again
     */
    Exception process(List<RecordProcessor.Input<V>> batch, BufferedOutput output, int failedTries, BooleanSupplier running) {
        BufferedOutput whole = output.scope();
        try {
            processor.process(batch, whole);
            output.keep(whole);
            return null;
        } catch (Exception e) {
            if (failedTries + 1 < TRIES_BEFORE_SPLITTING || !running.getAsBoolean()) {
                return e;
            }
        }
        Map<RecordProcessor.Input<V>, Exception> failedAlone = new LinkedHashMap<>();
        Exception last = null;
        BufferedOutput succeeded = output.scope();
        for (RecordProcessor.Input<V> input : batch) {
            BufferedOutput one = output.scope();
            try {
                processor.process(List.of(input), one);
                succeeded.keep(one);
            } catch (Exception e) {
                failedAlone.put(input, e);
                last = e;
            }
        }
        int tries = failedTries + 1;
        boolean everyOneFailed = failedAlone.size() == batch.size();
        if (everyOneFailed && (batch.size() > 1 || tries < MAX_TRIES)) {
            if (tries >= MAX_TRIES) {
                throw new StageBrokenException("every record of a batch of " + batch.size() + " from " + inputTopic
                        + " failed on its own " + MAX_TRIES + " times: the stage, not a record, is broken. Last: " + last, last);
            }
            return last;
        }
        output.keep(succeeded);
        failedAlone.forEach((input, e) -> output.deadLetter(input, DeadLetterKind.PROCESSING_ERROR, "the " + stage
                + " failed on " + input.key() + (batch.size() == 1 ? " in each of " + tries + " tries"
                : " alone, while the rest of its batch succeeded") + ": " + e));
        return null;
    }

    /** Every record of a batch fails alone, try after try: the stage, not a record, is at fault. */
    static final class StageBrokenException extends RuntimeException {
        StageBrokenException(String message, Throwable cause) {
            super(message, cause);
        }
    }
}
