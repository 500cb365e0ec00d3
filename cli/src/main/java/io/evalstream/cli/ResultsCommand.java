package io.evalstream.cli;

import io.evalstream.aggregator.ResultJson;
import io.evalstream.aggregator.ResultTable;
import io.evalstream.aggregator.RunResults;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evalstream results --run RUN}: the summary and regression tables of a run, finished or
 * still running, read from the aggregates and regression topics (the latest committed value of
 * each key). It needs a broker but no running aggregator; it never starts an embedded broker,
 * since a new empty one could hold no results.
 */
@Command(name = "results", mixinStandardHelpOptions = true,
        description = "Print a run's statistics (accuracy, std-dev pop and sample, Wilson 95%%) and its regression "
                + "against the base model (points, percent, McNemar p, paired bootstrap 95%%), per benchmark and category.")
public final class ResultsCommand implements Callable<Integer> {
    static final int NO_BROKER = 2;

    @Spec
    CommandSpec spec;

    @Option(names = "--run", required = true, paramLabel = "RUN", description = "The run id.")
    String run;

    @Option(names = "--json", description = "Print JSON (stats, seeds, regressions) instead of tables.")
    boolean json;

    @Option(names = "--bootstrap-servers", paramLabel = "HOST:PORT",
            description = "The Kafka cluster holding the run. Default: env KAFKA_BOOTSTRAP_SERVERS.")
    String bootstrapServers;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the broker. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
        String servers = bootstrapServers != null && !bootstrapServers.isBlank()
                ? bootstrapServers : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (servers == null || servers.isBlank()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("evalstream results needs a broker address: pass --bootstrap-servers HOST:PORT or set "
                    + "KAFKA_BOOTSTRAP_SERVERS (an embedded broker prints its address when it starts, "
                    + "\"embedded broker at HOST:PORT\").");
            err.flush();
            return NO_BROKER;
        }
        RunResults results;
        try {
            results = RunResults.read(servers, run, Duration.ofSeconds(timeoutSeconds));
        } catch (KafkaException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("cannot read the results of run " + run + " from " + servers + " within " + timeoutSeconds
                    + " s: " + e.getMessage() + " (is the broker up? --timeout waits longer)");
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ResultJson.render(results) + "\n" : ResultTable.render(results));
        out.flush();
        return 0;
    }
}
