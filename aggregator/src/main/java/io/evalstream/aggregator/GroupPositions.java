package io.evalstream.aggregator;

import java.util.Map;

/**
 * Where a consumer group stands on a topic, as the broker tells it. The aggregator may use only
 * Kafka Streams (DESIGN.md §2), so the reading is supplied from outside (the CLI hands it a
 * reader from the stages room); {@link ProgressWatch} only compares the numbers.
 */
public interface GroupPositions extends AutoCloseable {

    /** The group's committed position per partition of the topic; throws when the broker cannot be reached. */
    Map<Integer, Long> committed(String groupId, String topic) throws Exception;

    /** The read-committed end offset of each given partition of the topic; throws when the broker cannot be reached. */
    Map<Integer, Long> ends(String topic, Iterable<Integer> partitions) throws Exception;

    @Override
    void close();
}
