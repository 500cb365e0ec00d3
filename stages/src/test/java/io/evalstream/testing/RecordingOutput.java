package io.evalstream.testing;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import io.evalstream.stages.RecordProcessor;
import io.evalstream.stages.RecordProcessor.Input;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.IntStream;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * A stage's output without a broker, in the spirit of Kafka Streams' MockProcessorContext: it
 * runs a {@link RecordProcessor} on a batch as {@code TransactionalStage} would and records what
 * the batch sent. Like the stage's transaction, a batch that throws leaves nothing behind.
 */
public final class RecordingOutput implements RecordProcessor.Output {

    /** A value sent to a topic, under the key the topic makes of it, encoded as the broker would get it. */
    public record Sent(String topic, String key, byte[] value) {
    }

    /**
     * A dead letter as a stage wrote it.
     *
     * @param predictionId the expected result it stands for, when the stage names one
     */
    public record Letter(Input<?> input, String predictionId, DeadLetterKind kind, String reason) {
    }

    private final List<Sent> sent = new ArrayList<>();
    private final List<Letter> letters = new ArrayList<>();
    private final List<Sent> pendingSent = new ArrayList<>();
    private final List<Letter> pendingLetters = new ArrayList<>();

    /**
     * Runs one batch: what it sends is kept when {@code process} returns and dropped when it
     * throws (the transaction aborts, the batch will be read again), and the exception is rethrown.
     */
    public <V> void process(RecordProcessor<V> processor, List<Input<V>> batch) throws Exception {
        pendingSent.clear();
        pendingLetters.clear();
        processor.process(batch, this);
        sent.addAll(pendingSent);
        letters.addAll(pendingLetters);
        pendingSent.clear();
        pendingLetters.clear();
    }

    /** Values as the stage loop hands them over: keyed and encoded by their topic, at offsets 0, 1, ... */
    @SafeVarargs
    public static <V extends SpecificRecordBase> List<Input<V>> batch(Topic<V> topic, V... values) {
        return IntStream.range(0, values.length)
                .mapToObj(i -> new Input<>(topic.key(values[i]), values[i], topic.name(), 0, i, topic.encode(values[i])))
                .toList();
    }

    @Override
    public <T extends SpecificRecordBase> void send(Topic<T> topic, T value) {
        // encoded here as the stage's producer would: a value its topic cannot encode fails the batch
        pendingSent.add(new Sent(topic.name(), topic.key(value), topic.encode(value)));
    }

    @Override
    public void deadLetter(Input<?> input, String predictionId, DeadLetterKind kind, String reason) {
        pendingLetters.add(new Letter(input, predictionId, kind, reason));
    }

    /** The values the kept batches sent to a topic, in order. */
    public <T extends SpecificRecordBase> List<T> values(Topic<T> topic) {
        return sent.stream().filter(s -> s.topic().equals(topic.name())).map(s -> topic.decode(s.value())).toList();
    }

    /** Everything the kept batches sent, in order. */
    public List<Sent> sent() {
        return List.copyOf(sent);
    }

    /** The dead letters of the kept batches, in order. */
    public List<Letter> deadLetters() {
        return List.copyOf(letters);
    }
}
