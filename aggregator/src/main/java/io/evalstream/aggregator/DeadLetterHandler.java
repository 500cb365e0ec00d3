package io.evalstream.aggregator;

import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.streams.errors.DeserializationExceptionHandler;
import org.apache.kafka.streams.errors.ErrorHandlerContext;

/**
 * A score that does not decode must not stop the aggregator: it goes to the dead-letter topic
 * as a {@link DeadLetter} with the reason and the raw bytes, inside the same transaction, and
 * processing resumes with the next record.
 */
public final class DeadLetterHandler implements DeserializationExceptionHandler {
    static final String STAGE = "aggregator";

    @Override
    public Response handleError(ErrorHandlerContext context, ConsumerRecord<byte[], byte[]> record, Exception exception) {
        String key = record.key() == null ? null : new String(record.key(), StandardCharsets.UTF_8);
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(STAGE)
                .setSourceTopic(record.topic())
                .setPartition(record.partition())
                .setOffset(record.offset())
                .setKey(key)
                .setKind(DeadLetterKind.MALFORMED_RECORD)
                .setReason(exception.getClass().getSimpleName() + ": " + exception.getMessage())
                .setPayload(record.value() == null ? null : ByteBuffer.wrap(record.value()))
                .setFailedAt(context.timestamp())
                .build();
        // the key's own bytes: a key that is not UTF-8 goes on unchanged
        return Response.resume(List.of(new ProducerRecord<>(Topics.DEAD_LETTERS.name(), record.key(),
                Topics.DEAD_LETTERS.encode(letter))));
    }

    @Override
    public void configure(Map<String, ?> configs) {
    }
}
