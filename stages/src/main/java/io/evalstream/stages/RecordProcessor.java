package io.evalstream.stages;

import java.util.List;

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
        void send(String topic, String key, byte[] value);

        void deadLetter(Input<?> input, String reason);
    }

    void process(List<Input<V>> batch, Output output) throws Exception;
}
