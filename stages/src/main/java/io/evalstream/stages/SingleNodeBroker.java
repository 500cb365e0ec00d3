package io.evalstream.stages;

import java.util.Map;

/**
 * Broker settings a one-node cluster needs for the stages' transactions and exactly-once Streams:
 * Kafka's internal topics default to three replicas, which one node never has, and without these
 * transactions time out and Streams with exactly_once_v2 hangs in REBALANCING. Used by the
 * embedded broker and by the test broker.
 */
public final class SingleNodeBroker {
    public static final Map<String, String> SETTINGS = Map.of(
            "offsets.topic.replication.factor", "1",
            "offsets.topic.num.partitions", "4",
            "transaction.state.log.replication.factor", "1",
            "transaction.state.log.min.isr", "1",
            "transaction.state.log.num.partitions", "4",
            "share.coordinator.state.topic.replication.factor", "1",
            "share.coordinator.state.topic.min.isr", "1",
            "group.initial.rebalance.delay.ms", "0");

    private SingleNodeBroker() {
    }
}
