package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.broker.EvalStreamHome;
import io.evalstream.cli.broker.TopicSetup;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Options every stage command shares: the cluster, the home folder and the data folder. */
public final class CommonOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing Kafka cluster. Default: env KAFKA_BOOTSTRAP_SERVERS, else an embedded broker.")
    String bootstrapServers;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Where the embedded broker's log and the aggregator's state live; one broker per home. Default: env EVALSTREAM_HOME, else $HOME/.evalstream.")
    Path home;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "0",
            description = "Client port of the embedded broker (0: any free port).")
    int brokerPort;

    @Mixin
    DataFolder data;

    public EvalStreamHome home() {
        return EvalStreamHome.resolve(home);
    }

    /**
     * The cluster this command talks to (the configured one, else the embedded broker on the
     * home folder), with the pipeline's topics created when absent.
     *
     * @throws BrokerConnection.HomeBusyException when another process runs the home's broker; the
     *         message offers its address with --bootstrap-servers
     */
    public BrokerConnection openBroker(int partitions) {
        BrokerConnection broker = BrokerConnection.open(bootstrapServers, home(), brokerPort, System.err, "add");
        TopicSetup.ensureTopics(broker.bootstrapServers(), partitions, (short) 1);
        return broker;
    }

    /** Where the aggregator keeps its state: the home's when this process owns the home, else a private folder. */
    public Path streamsStateDir() {
        return home().streamsStateDir();
    }

    /** The data folder: --data, then the config's (may be null), then EVALSTREAM_DATA; it must exist. */
    public Path dataDir(Path fromConfig) {
        return data.resolve(fromConfig);
    }
}
