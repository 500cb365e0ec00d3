package io.evalstream.testing;

import io.evalstream.stages.SingleNodeBroker;
import java.util.Map;
import org.apache.kafka.common.test.KafkaClusterTestKit;
import org.apache.kafka.common.test.TestKitNodes;

/** Kafka's in-JVM KRaft cluster (one combined broker and controller), the default on machines without Docker. */
final class TestKitBroker implements AutoCloseable {
    private final KafkaClusterTestKit cluster;

    private TestKitBroker(KafkaClusterTestKit cluster) {
        this.cluster = cluster;
    }

    static TestKitBroker start() {
        try {
            KafkaClusterTestKit.Builder builder = new KafkaClusterTestKit.Builder(new TestKitNodes.Builder()
                    .setCombined(true)
                    .setNumBrokerNodes(1)
                    .setNumControllerNodes(1)
                    .build());
            for (Map.Entry<String, String> e : SingleNodeBroker.SETTINGS.entrySet()) {
                builder.setConfigProp(e.getKey(), e.getValue());
            }
            KafkaClusterTestKit cluster = builder.build();
            cluster.format();
            cluster.startup();
            cluster.waitForReadyBrokers();
            return new TestKitBroker(cluster);
        } catch (Exception e) {
            throw new IllegalStateException("cannot start Kafka's in-JVM test kit broker: " + e.getMessage(), e);
        }
    }

    String bootstrapServers() {
        return cluster.bootstrapServers();
    }

    @Override
    public void close() throws Exception {
        cluster.close();
    }
}
