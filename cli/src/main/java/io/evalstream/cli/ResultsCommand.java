package io.evalstream.cli;

import io.evalstream.aggregator.ResultJson;
import io.evalstream.aggregator.ResultTable;
import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.pipeline.PublishedResults;
import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.broker.ExistingBroker;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.concurrent.Callable;
import org.apache.kafka.common.KafkaException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code evalstream results --run RUN}: the summary and regression tables of a run, finished or
 * still running, read from the aggregates and regression topics (the latest committed value of
 * each key). It needs a broker but no running aggregator: {@link ExistingBroker} finds it (the
 * running broker of the process that owns the home, else the home's broker log reopened).
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



    @Mixin
    RunBroker runBroker;

    @Option(names = "--timeout", paramLabel = "SECONDS", defaultValue = "30",
            description = "How long to wait for the broker. Default: ${DEFAULT-VALUE}.")
    int timeoutSeconds;

    @Override
    public Integer call() {
        PrintWriter notices = spec.commandLine().getErr();
        try (BrokerConnection broker = runBroker.open("results", notices)) {
            return print(broker.bootstrapServers());
        } catch (ExistingBroker.NoBrokerException e) {
            PrintWriter err = spec.commandLine().getErr();
            err.println(e.getMessage());
            err.flush();
            return NO_BROKER;
        }
    }

    private int print(String servers) {
        RunResults results;
        try {
            results = PublishedResults.read(servers, run, Duration.ofSeconds(timeoutSeconds));
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
