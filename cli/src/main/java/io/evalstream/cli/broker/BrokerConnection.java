package io.evalstream.cli.broker;

import java.io.PrintStream;
import java.nio.file.Path;

/**
 * The cluster a command talks to: the one named by --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS,
 * else the embedded broker started on the EvalStream home folder.
 */
public final class BrokerConnection implements AutoCloseable {
    private final String bootstrapServers;
    private final EmbeddedBroker embedded;

    private BrokerConnection(String bootstrapServers, EmbeddedBroker embedded) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
    }

    public static BrokerConnection open(String bootstrapOption, Path brokerDir, int port, PrintStream err) {
        String configured = bootstrapOption != null && !bootstrapOption.isBlank() ? bootstrapOption : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (configured != null && !configured.isBlank()) {
            return new BrokerConnection(configured, null);
        }
        err.println("starting the embedded Kafka broker (log in " + brokerDir + ") ...");
        EmbeddedBroker broker = EmbeddedBroker.start(brokerDir, port);
        err.println("embedded broker at " + broker.bootstrapServers());
        return new BrokerConnection(broker.bootstrapServers(), broker);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public boolean embedded() {
        return embedded != null;
    }

    @Override
    public void close() {
        if (embedded != null) {
            embedded.close();
        }
    }
}
