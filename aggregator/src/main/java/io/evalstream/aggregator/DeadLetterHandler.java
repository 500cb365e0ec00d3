package io.evalstream.aggregator;

import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topics;
import io.evalstream.schemas.UndecodableRecordException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;
import org.apache.kafka.streams.errors.ProcessingExceptionHandler;
import org.apache.kafka.streams.processor.api.Record;

/**
 * A score that does not decode (a tombstone, one too large, bytes that are not a score) must not
 * stop the aggregator: it goes to the dead-letter topic as a {@link DeadLetter} with its kind, the
 * reason and the start of the raw bytes, inside the same transaction, and processing resumes with
 * the next record.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler, ProcessingExceptionHandler {
    static final String STAGE = "aggregator";
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    @Override
    public DeserializationExceptionHandler.Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record,
                                                                Exception exception) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(STAGE)
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(key)
                .setKind(exception instanceof UndecodableRecordException u ? u.kind() : DeadLetterKind.MALFORMED_RECORD)
                .setReason(exception.getMessage() == null ? exception.toString() : exception.getMessage())
                .setPayload(payload(record.value()))
                .setFailedAt(context.timestamp())
                .build();
        // the key's own bytes: a key that is not UTF-8 goes on unchanged
        return DeserializationExceptionHandler.Response.resume(List.of(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), record.key(),
                Topics.DEAD_LETTERS.encode(letter))));
    }

    /**
     * A record a processor throws on (it decoded, yet counting it failed) is dead-lettered the
     * same way, with the source record's key and bytes, so one record cannot stop the aggregator.
     */
    @Override
    public ProcessingExceptionHandler.Response handleError(ErrorHandlerContext context, Record<?, ?> record, Exception exception) {
        byte[] rawKey = context.sourceRawKey();
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(STAGE)
                .setSourceTopic(context.topic() == null ? "" : context.topic())
                .setPartition(context.partition())
                .setOffset(context.offset())
                .setKey(rawKey == null ? null : new String(rawKey, StandardCharsets.UTF_8))
                .setKind(DeadLetterKind.PROCESSING_ERROR)
                .setReason("the aggregator's " + context.processorNodeId() + " step failed: " + exception)
                .setPayload(payload(context.sourceRawValue()))
                .setFailedAt(context.timestamp())
                .build();
        return ProcessingExceptionHandler.Response.resume(List.of(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), rawKey,
                Topics.DEAD_LETTERS.encode(letter))));
    }

    /** The start of the refused record: a dead letter of a record near the broker's size limit must itself fit under it. */
    private static ByteBuffer payload(byte[] value) {
        if (value == null) {
            return null;
        }
        return ByteBuffer.wrap(value.length <= MAX_PAYLOAD_BYTES ? value : Arrays.copyOf(value, MAX_PAYLOAD_BYTES));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
