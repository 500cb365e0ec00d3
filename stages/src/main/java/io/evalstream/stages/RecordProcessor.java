package io.evalstream.stages;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a stage does with a batch of decoded input records. Results go out through {@link Output}
 * inside the batch's transaction; a record that cannot be processed goes to the dead-letter topic
 * through {@link Output#deadLetter} and the batch goes on. What a call sends is kept only when the
 * call returns: a call that throws leaves nothing behind, so it can be tried again.
 */
@FunctionalInterface
public interface RecordProcessor<V> {

    /** One decoded input record with where it came from. */
    record Input<V>(String key, V value, String topic, int partition, long offset, byte[] rawValue) {
    }

    /** Where a stage's results go. */
    interface Output {
        /** Sends a value to its topic, under the key the topic makes of it. */
        <T extends SpecificRecordBase> void send(Topic<T> topic, T value);

        /**
         * @param kind   what went wrong, for programs
         * @param reason what went wrong, for people: name the item or key and the cause
         */
        default void deadLetter(Input<?> input, DeadLetterKind kind, String reason) {
            deadLetter(input, null, kind, reason);
        }

        /**
         * A dead letter that stands for one expected result: a run's completion counts it in place
         * of the prediction {@code predictionId} (run/model/BENCHMARK/item). Give it only when the
         * record decoded and the stage knows which result it will never produce.
         */
        void deadLetter(Input<?> input, String predictionId, DeadLetterKind kind, String reason);
    }

    void process(List<Input<V>> batch, Output output) throws Exception;
}
