package io.evalstream.stages;

import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Topic;
import java.util.List;
import org.apache.avro.specific.SpecificRecordBase;

/**
 * What a stage does with a batch of decoded input records. Results go out through {@link Output}
 * inside the batch's transaction; a record that cannot be processed goes to the dead-letter topic
 * through {@link Output#deadLetter} and the batch goes on.
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
         * @param kind   what went wrong, for programs (a generator's malformed item stands for
         *               every model's prediction, a failed request for one)
         * @param reason what went wrong, for people: name the item or key and the cause
         */
        void deadLetter(Input<?> input, DeadLetterKind kind, String reason);
    }

    void process(List<Input<V>> batch, Output output) throws Exception;
}
