package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.broker.EvalStreamHome;
import io.evalstream.cli.broker.ExistingBroker;
import java.io.PrintWriter;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * Options of the commands that read a run someone else produced (results, report, serve): the
 * cluster that holds it, or the home whose embedded broker does (running or not).
 */
public final class RunBroker {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka cluster holding the run. Default: env KAFKA_BOOTSTRAP_SERVERS, else the home's embedded broker.")
    String bootstrapServers;

    @Option(names = "--home", paramLabel = "DIR",
            description = "EvalStream home whose embedded broker holds the run when no broker address is given. "
                    + "Default: env EVALSTREAM_HOME, else ~/.evalstream.")
    Path home;

    public EvalStreamHome home() {
        return EvalStreamHome.resolve(home);
    }

    /**
     * Connects to the run's broker, printing what it does (e.g. starting the home's broker) to
     * {@code notices}.
     *
     * @throws ExistingBroker.NoBrokerException when there is no broker to reach, with what to do
     */
    public BrokerConnection open(String command, PrintWriter notices) {
        return ExistingBroker.open(bootstrapServers, home(), command, n -> {
            notices.println(n);
            notices.flush();
        });
    }
}
