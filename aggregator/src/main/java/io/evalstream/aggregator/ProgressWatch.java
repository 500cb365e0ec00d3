package io.evalstream.aggregator;

import io.evalstream.schemas.Topics;
import java.time.Duration;
import java.util.Map;

/**
 * Tells whether the aggregator is stuck: scores are waiting on its input topic, yet its committed
 * position has not moved for {@link #STUCK_AFTER}. A Kafka Streams client can sit in RUNNING or
 * REBALANCING after a long broker outage without processing anything and without an error; the
 * state alone does not show it.
 */
final class ProgressWatch implements AutoCloseable {
    static final Duration STUCK_AFTER = Duration.ofSeconds(90);
    private static final Duration CHECK_EVERY = Duration.ofSeconds(15);
    /** A committed transaction leaves a marker after its last record; that much lag is no lag. */
    private static final long MARKER_SLACK = 1;

    private final String applicationId;
    private final GroupPositions positions;
    private Map<Integer, Long> lastCommitted = Map.of();
    private long lastMoved = System.nanoTime();
    private long lastCheck;

    /** @param applicationId the Kafka Streams application id, which is its consumer group's id */
    ProgressWatch(String applicationId, GroupPositions positions) {
        this.applicationId = applicationId;
        this.positions = positions;
    }

    /** Resets the clock: a new client gets {@link #STUCK_AFTER} to move. */
    void restarted() {
        lastMoved = System.nanoTime();
        lastCommitted = Map.of();
    }

    /** How many scores wait unprocessed, when the position has not moved for {@link #STUCK_AFTER}; else 0. */
    long stuckWithWaiting() {
        long now = System.nanoTime();
        if (now - lastCheck < CHECK_EVERY.toNanos()) {
            return 0;
        }
        lastCheck = now;
        try {
            Map<Integer, Long> committed = positions.committed(applicationId, Topics.SCORES.name());
            if (!committed.equals(lastCommitted)) {
                lastCommitted = committed;
                lastMoved = now;
                return 0;
            }
            long waiting = 0;
            Map<Integer, Long> ends = positions.ends(Topics.SCORES.name(), committed.keySet());
            for (Map.Entry<Integer, Long> e : committed.entrySet()) {
                waiting += Math.max(0, ends.getOrDefault(e.getKey(), e.getValue()) - e.getValue() - MARKER_SLACK);
            }
            return waiting > 0 && now - lastMoved > STUCK_AFTER.toNanos() ? waiting : 0;
        } catch (Exception brokerUnreachable) {
            // nothing can move while the broker is away; that is an outage, not a stuck aggregator
            lastMoved = now;
            return 0;
        }
    }

    @Override
    public void close() {
        positions.close();
    }
}
