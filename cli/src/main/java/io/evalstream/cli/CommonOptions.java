package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.broker.TopicSetup;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Options every stage command shares: the cluster, the home folder and the data folder. */
public final class CommonOptions {
    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "An existing Kafka cluster. Default: env KAFKA_BOOTSTRAP_SERVERS, else an embedded broker.")
    String bootstrapServers;

    @Option(names = "--home", paramLabel = "DIR",
            description = "Where the embedded broker's log and the aggregator's state live. Default: env EVALSTREAM_HOME, else ~/.evalstream.")
    Path home;

    @Option(names = "--broker-port", paramLabel = "PORT", defaultValue = "0",
            description = "Client port of the embedded broker (0: any free port).")
    int brokerPort;

    @Option(names = "--data", paramLabel = "DIR",
            description = "The data folder (spider/, mmlu/). Default: the config's data key, else env EVALSTREAM_DATA.")
    Path data;

    public Path home() {
        return home(home);
    }

    /** The EvalStream home: the option when given, else EVALSTREAM_HOME, else ~/.evalstream. */
    static Path home(Path option) {
        if (option != null) {
            return option;
        }
        String env = System.getenv("EVALSTREAM_HOME");
        return env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("user.home"), ".evalstream");
    }

    /** Where the embedded broker of a home keeps its log. */
    static Path brokerDir(Path home) {
        return home.resolve("kafka");
    }

    /**
     * The cluster this command talks to (the configured one, else the embedded broker on the
     * home folder), with the pipeline's topics created when absent.
     */
    public BrokerConnection openBroker(int partitions) {
        BrokerConnection broker = BrokerConnection.open(bootstrapServers, brokerDir(), brokerPort, System.err);
        TopicSetup.ensureTopics(broker.bootstrapServers(), partitions, (short) 1);
        return broker;
    }

    public Path brokerDir() {
        return brokerDir(home());
    }

    public Path streamsStateDir() {
        return home().resolve("streams");
    }

    /** The data folder: --data, then the config's, then EVALSTREAM_DATA; it must exist. */
    public Path dataDir(Path fromConfig) {
        Path chosen = data != null ? data : fromConfig;
        if (chosen == null) {
            String env = System.getenv("EVALSTREAM_DATA");
            if (env == null || env.isBlank()) {
                throw new IllegalArgumentException("no data folder: pass --data DIR or set EVALSTREAM_DATA "
                        + "(a folder with spider/ and mmlu/; the README says where to get them)");
            }
            chosen = Path.of(env);
        }
        if (!Files.isDirectory(chosen)) {
            throw new IllegalArgumentException("data folder " + chosen.toAbsolutePath() + " does not exist");
        }
        return chosen;
    }
}
