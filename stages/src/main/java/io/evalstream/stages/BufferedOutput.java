package io.evalstream.stages;

import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * A batch's results held in memory until the batch is done, then sent in one transaction. Two
 * things follow: a processor call that throws leaves nothing to undo, and the transaction opens
 * only once the slow part (a model generating, SQL executing) is over, so its timeout can be short.
 */
final class BufferedOutput implements RecordProcessor.Output {
    /**
     * A dead letter keeps at most this much of the refused record: enough to look at it, and a
     * dead letter of a record near the broker's size limit must itself fit under that limit.
     */
    static final int MAX_PAYLOAD_BYTES = 64 * 1024;

    private final String stage;
    private final List<ProducerRecord<String, byte[]>> records = new ArrayList<>();
    private final List<DeadLetter> deadLetters = new ArrayList<>();

    BufferedOutput(String stage) {
        this.stage = stage;
    }

    @Override
    public <T extends SpecificRecordBase> void send(Topic<T> topic, T value) {
        records.add(new ProducerRecord<>(topic.name(), topic.key(value), topic.encode(value)));
    }

    @Override
    public void deadLetter(RecordProcessor.Input<?> input, String predictionId, DeadLetterKind kind, String reason) {
        byte[] raw = input.rawValue();
        byte[] payload = raw == null || raw.length <= MAX_PAYLOAD_BYTES ? raw : Arrays.copyOf(raw, MAX_PAYLOAD_BYTES);
        String fullReason = payload == raw ? reason
                : reason + " (payload: the first " + MAX_PAYLOAD_BYTES + " of " + raw.length + " bytes)";
        DeadLetter letter = DeadLetter.newBuilder()
                .setStage(stage)
                .setSourceTopic(input.topic())
                .setPartition(input.partition())
                .setOffset(input.offset())
                .setKey(input.key())
                .setPredictionId(predictionId)
                .setKind(kind)
                .setReason(fullReason)
                .setPayload(payload == null ? null : ByteBuffer.wrap(payload))
                .setFailedAt(System.currentTimeMillis())
                .build();
        send(Topics.DEAD_LETTERS, letter);
        deadLetters.add(letter);
    }

    /** A fresh buffer for one processor call, kept with {@link #keep} only when the call returns. */
    BufferedOutput scope() {
        return new BufferedOutput(stage);
    }

    void keep(BufferedOutput scope) {
        records.addAll(scope.records);
        deadLetters.addAll(scope.deadLetters);
    }

    /** Once the batch is committed: counts (and logs the first few of) its dead letters. */
    void committedTo(DeadLetterTally tally) {
        deadLetters.forEach(d -> tally.committed(d.getKey(), d.getKind(), d.getReason()));
    }

    boolean isEmpty() {
        return records.isEmpty();
    }

    void sendTo(Producer<String, byte[]> producer) {
        for (ProducerRecord<String, byte[]> r : records) {
            producer.send(r);
        }
    }
}
