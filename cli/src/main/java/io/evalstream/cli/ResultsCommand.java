package io.evalstream.cli;

import io.evalstream.aggregator.ResultJson;
import io.evalstream.aggregator.ResultTable;
import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.broker.EvalStreamHome;
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
 * each key). It needs a broker but no running aggregator. Without a broker address it reads from
 * the broker of the process that owns the EvalStream home (a run going on), else opens that home's
 * embedded broker log itself (where `evalstream run` left it); it never creates a new empty one,
 * which could hold no results.
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

    @Option(names = "--home", paramLabel = "DIR",
            description = "EvalStream home whose embedded broker holds the run when no broker address is given "
                    + "(the running one, if a command owns the home now). Default: env EVALSTREAM_HOME, else $HOME/.evalstream.")
    java.nio.file.Path home;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the broker. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
        String servers = bootstrapServers != null && !bootstrapServers.isBlank()
                ? bootstrapServers : System.getenv("KAFKA_BOOTSTRAP_SERVERS");
        if (servers != null && !servers.isBlank()) {
            return print(servers);
        }
        EvalStreamHome home = EvalStreamHome.resolve(this.home);
        PrintWriter err = spec.commandLine().getErr();
        java.util.Optional<EvalStreamHome.RunningBroker> running = home.runningBroker();
        if (running.isPresent()) {
            // a run (or a stage) owns the home: read from its broker, never open the same log twice
            err.println("reading from the running broker at " + running.get().bootstrapServers() + " (evalstream process "
                    + running.get().pid() + ")");
            err.flush();
            return print(running.get().bootstrapServers());
        }
        if (!home.hasBrokerLog()) {
            err.println("evalstream results needs a broker: no embedded broker log in " + home.brokerDir()
                    + "; pass --bootstrap-servers HOST:PORT or set KAFKA_BOOTSTRAP_SERVERS, or --home the folder a run used.");
            err.flush();
            return NO_BROKER;
        }
        try (BrokerConnection broker = BrokerConnection.open(null, home, 0,
                new java.io.PrintStream(java.io.OutputStream.nullOutputStream()), "pass")) {
            return print(broker.bootstrapServers());
        } catch (IllegalStateException e) {
            err.println(e.getMessage());
            err.flush();
            return NO_BROKER;
        }
    }

    private int print(String servers) {
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
        if (results.stats().isEmpty()) {
            PrintWriter err = spec.commandLine().getErr();
            err.println("no results for run " + run + " on " + servers + " (is the run id right? has its aggregator counted anything yet?)");
            err.flush();
            return 1;
        }
        PrintWriter out = spec.commandLine().getOut();
        out.print(json ? ResultJson.render(results) + "\n" : ResultTable.render(results));
        out.flush();
        return 0;
    }
}
