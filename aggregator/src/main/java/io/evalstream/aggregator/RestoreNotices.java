package io.evalstream.aggregator;

import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.streams.processor.StateRestoreListener;

/**
 * Says what the aggregator is doing while it restores its stores from their changelogs (after a
 * crash with exactly-once its local state is wiped and rebuilt), so a re-run is not a silent wait.
 * Restorations of a few records are not worth a line.
 */
final class RestoreNotices implements StateRestoreListener {
    private static final long WORTH_SAYING = 1_000;

    private final Consumer<String> notices;
    private final ConcurrentHashMap<TopicPartition, Long> started = new ConcurrentHashMap<>();
    private final AtomicLong restoring = new AtomicLong();

    RestoreNotices(Consumer<String> notices) {
        this.notices = notices;
    }

    @Override
    public void onRestoreStart(TopicPartition partition, String storeName, long startingOffset, long endingOffset) {
        long records = endingOffset - startingOffset;
        started.put(partition, System.nanoTime());
        if (records >= WORTH_SAYING && restoring.getAndAdd(records) == 0) {
            notices.accept("aggregator: restoring its state from the changelogs (" + storeName + ": " + records + " records) ...");
        }
    }

    @Override
    public void onBatchRestored(TopicPartition partition, String storeName, long batchEndOffset, long numRestored) {
    }

    @Override
    public void onRestoreEnd(TopicPartition partition, String storeName, long totalRestored) {
        Long since = started.remove(partition);
        if (totalRestored >= WORTH_SAYING && since != null) {
            notices.accept("aggregator: restored " + storeName + " (" + totalRestored + " records in "
                    + (System.nanoTime() - since) / 1_000_000 + " ms)");
        }
    }
}
