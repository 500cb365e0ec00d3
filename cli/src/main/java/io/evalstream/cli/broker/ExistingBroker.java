package io.evalstream.cli.broker;

import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;

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
     * @param command the command's name, for the messages ("results", "report", "serve")
     * @throws NoBrokerException when no address is configured and the home has no broker log, or its log cannot be opened
     */
    public static BrokerConnection open(String bootstrapOption, Path brokerDir, String command) {
        String configured = bootstrapOption != null && !bootstrapOption.isBlank() ? bootstrapOption
                : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (configured != null && !configured.isBlank()) {
            return BrokerConnection.open(configured, brokerDir, 0, quiet());
        }
        if (!Files.exists(brokerDir.resolve("log").resolve("meta.properties"))) {
            throw new NoBrokerException("evalstream " + command + " needs a broker: no embedded broker log in " + brokerDir
                    + "; pass --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS (a running embedded broker "
                    + "prints its address when it starts, \"embedded broker at HOST:PORT\").");
        }
        try {
            return BrokerConnection.open(null, brokerDir, 0, quiet());
        } catch (IllegalStateException e) {
            throw new NoBrokerException(e.getMessage()
                    + " (while a run is going, pass the address it printed: --bootstrap-servers HOST:PORT)");
        }
    }

    private static PrintStream quiet() {
        return new PrintStream(OutputStream.nullOutputStream());
    }

    private ExistingBroker() {
    }
}
