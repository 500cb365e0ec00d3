package io.evalstream.cli.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The cluster that holds runs already made, for the commands that read them ({@code results},
 * {@code report}, {@code serve}): the configured address (--bootstrap-servers, else
 * KAFKA_BOOTSTRAP_SERVERS), else the embedded broker's log under the EvalStream home, reopened
 * where {@code evalstream run} left it. It never creates a new empty broker, which could hold no run.
 */
public final class ExistingBroker {

    /** No broker holds the run: the message says what to pass. */
    public static final class NoBrokerException extends RuntimeException {
        NoBrokerException(String message) {
            super(message);
        }
    }

    /**
     * @param command  the command's name, for the messages ("results", "report", "serve")
     * @param notices  where to say which broker is read
     * @throws NoBrokerException when no address is configured and the home has no broker log, or its log cannot be opened
     */
    public static BrokerConnection open(String bootstrapOption, EvalStreamHome home, String command, Consumer<String> notices) {
        String configured = bootstrapOption != null && !bootstrapOption.isBlank() ? bootstrapOption
                : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (configured != null && !configured.isBlank()) {
            return BrokerConnection.open(configured, home, 0, quiet(), "pass");
        }
        Optional<EvalStreamHome.RunningBroker> running = home.runningBroker();
        if (running.isPresent()) {
            // a run (or a stage) owns the home: read from its broker, never open the same log twice
            notices.accept("reading from the running broker at " + running.get().bootstrapServers() + " (evalstream process "
                    + running.get().pid() + ")");
            return BrokerConnection.open(running.get().bootstrapServers(), home, 0, quiet(), "pass");
        }
        if (!home.hasBrokerLog()) {
            throw new NoBrokerException("evalstream " + command + " needs a broker: no embedded broker log in " + home.brokerDir()
                    + "; pass --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS, or --home the folder a run used.");
        }
        try {
            return BrokerConnection.open(null, home, 0, quiet(), "pass");
        } catch (IllegalStateException e) {
            throw new NoBrokerException(e.getMessage());
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private ExistingBroker() {
    }
}
