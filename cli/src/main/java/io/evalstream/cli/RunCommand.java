package io.evalstream.cli;

import io.evalstream.aggregator.ResultTable;
import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The main job: one evaluation run with every stage in this JVM. */
@Command(name = "run", mixinStandardHelpOptions = true,
        description = "Run an experiment end to end (produce, generate, score, aggregate) and print the result table. "
                + "Interrupted with Ctrl-C, the same command resumes the run. Exits 3 when the run ends incomplete.")
public final class RunCommand implements Callable<Integer> {
    /** The run ended with expected (model, item) pairs that have neither a score nor a dead letter. */
    static final int INCOMPLETE = 3;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment YAML, e.g. experiments/oracle-smoke.yaml")
    Path configFile;

    @Mixin
    CommonOptions common;

    @picocli.CommandLine.Option(names = "--api-port", defaultValue = "0", paramLabel = "PORT",
            description = "Port of the live dashboard and HTTP API on 127.0.0.1 (0: any free port, -1: none).")
    int apiPort;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = ExperimentConfigReader.read(configFile);
        Path dataDir = common.dataDir(config.dataDir());
        System.err.println("run " + config.runId() + " (config sha256 " + config.sha256().substring(0, 12) + ", seed "
                + config.seed() + ")");
        RunPlan plan = RunPlan.build(config, dataDir, RunVersions.of(config, dataDir));
        try (BrokerConnection broker = common.openBroker(config.partitions())) {
            Pipeline pipeline = new Pipeline(plan, broker.bootstrapServers(), common.streamsStateDir(), apiPort);
            Thread onCtrlC = new Thread(() -> {
                System.err.println("\nstopping: open transactions abort; run the same command again to resume");
                pipeline.close();
                broker.close();
            }, "evalstream-shutdown");
            Runtime.getRuntime().addShutdownHook(onCtrlC);
            try {
                Pipeline.Outcome outcome = pipeline.run(new ProgressDisplay(System.err, System.console() != null));
                System.out.println(ResultTable.render(outcome.results()));
                DeadLetterSummary.print(config.runId(), outcome, System.out);
                if (!outcome.complete()) {
                    System.err.println(incomplete(config.runId(), outcome.missing()));
                    return INCOMPLETE;
                }
            } finally {
                pipeline.close();
                try {
                    Runtime.getRuntime().removeShutdownHook(onCtrlC);
                } catch (IllegalStateException alreadyShuttingDown) {
                    // the hook is running; it closes the broker
                }
            }
        }
        return 0;
    }

    static String incomplete(String runId, Map<String, List<String>> missing) {
        StringBuilder sb = new StringBuilder("evalstream: run " + runId + " ended incomplete: every stage has read all its "
                + "input, yet these expected (model, item) pairs have neither a score nor a dead letter:");
        missing.forEach((group, examples) -> sb.append("\n  ").append(group).append(": ").append(String.join(", ", examples))
                .append(examples.isEmpty() ? "" : ", ..."));
        sb.append("\nThe table above does not cover them. Look at the stages' messages above; running the same command "
                + "again retries what is missing.");
        return sb.toString();
    }
}
