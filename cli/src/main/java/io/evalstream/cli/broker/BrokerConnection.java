package io.evalstream.cli.broker;

import java.io.PrintStream;

/**
 * The cluster a command talks to: the one named by --bootstrap-servers or KAFKA_BOOTSTRAP_SERVERS,
 * else the embedded broker started on the EvalStream home folder, which this process then owns.
 */
public final class BrokerConnection implements AutoCloseable {
    private final String bootstrapServers;
    private final EmbeddedBroker embedded;
    private final EvalStreamHome home;

    private BrokerConnection(String bootstrapServers, EmbeddedBroker embedded, EvalStreamHome home) {
        this.bootstrapServers = bootstrapServers;
        this.embedded = embedded;
        this.home = home;
    }

    /**
     * @param whatToDo how the busy-home message tells the user to pass a broker address to this
     *                 command, e.g. "add" (the address follows)
     * @throws HomeBusyException when the embedded broker is needed and another process owns the home
     */
    public static BrokerConnection open(String bootstrapOption, EvalStreamHome home, int port, PrintStream err, String whatToDo) {
        String configured = bootstrapOption != null && !bootstrapOption.isBlank() ? bootstrapOption : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (configured != null && !configured.isBlank()) {
            return new BrokerConnection(configured, null, null);
        }
        if (!home.tryLock()) {
            throw new HomeBusyException(home.busyMessage(whatToDo));
        }
        try {
            EmbeddedBroker broker = EmbeddedBroker.start(home.brokerDir(), port, err);
            home.recordBroker(broker.bootstrapServers());
            return new BrokerConnection(broker.bootstrapServers(), broker, home);
        } catch (RuntimeException e) {
            home.release();
            throw e;
        }
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
            home.release();
        }
    }

    /** Another process owns the home whose embedded broker this command needs. */
    public static final class HomeBusyException extends IllegalStateException {
        HomeBusyException(String message) {
            super(message);
        }
    }
}
