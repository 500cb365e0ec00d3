package io.evalstream.aggregator.api;

/**
 * Where the live view's records come from: each call hands the sink what the run topics committed
 * since the previous call (every record on the first). The aggregator's room reads topics only
 * through Kafka Streams, so whoever starts the API supplies the reader (the CLI follows the topics
 * with a plain consumer).
 */
@FunctionalInterface
public interface RecordFeed {

    /** Receives one record of one topic: its name, key, value (null for a tombstone) and timestamp. */
    @FunctionalInterface
    interface Sink {
        void accept(String topic, String key, byte[] value, long timestamp);
    }

    void readNew(Sink sink);
}
