package io.evalstream.testing;

import io.evalstream.stages.SingleNodeBroker;
import java.util.Locale;
import org.testcontainers.DockerClientFactory;
import org.testcontainers.kafka.KafkaContainer;

/** An apache/kafka KRaft broker in a container, used when a Docker engine answers. */
final class ContainerBroker implements AutoCloseable {
    /** Same Kafka version as the project's clients. */
    static final String IMAGE = "apache/kafka:4.3.1";

    private final KafkaContainer container;

    private ContainerBroker(KafkaContainer container) {
        this.container = container;
    }

    static boolean dockerAvailable() {
        try {
            return DockerClientFactory.instance().isDockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            return false;
        }
    }

    static ContainerBroker start() {
        KafkaContainer container = new KafkaContainer(IMAGE);
        // the apache/kafka image reads broker settings from KAFKA_<SETTING_IN_CAPITALS> variables
        SingleNodeBroker.SETTINGS.forEach((key, value) ->
                container.withEnv("KAFKA_" + key.toUpperCase(Locale.ROOT).replace('.', '_'), value));
        container.start();
        return new ContainerBroker(container);
    }

    String bootstrapServers() {
        return container.getBootstrapServers();
    }

    @Override
    public void close() {
        container.stop();
    }
}
