package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.ItemPublisher;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** The producer stage alone: sends a run's items and manifest, once. */
@Command(name = "produce", mixinStandardHelpOptions = true,
        description = "Send the run's Spider and MMLU items and its manifest to the items and runs topics (once per run).")
public final class ProduceCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG")
    Path configFile;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() {
        ExperimentConfig config = ExperimentConfigReader.read(configFile);
        Path dataDir = common.dataDir(config.dataDir());
        RunPlan plan = RunPlan.build(config, dataDir, RunVersions.of(config, dataDir));
        try (BrokerConnection broker = common.openBroker(config.partitions())) {
            boolean sent = new ItemPublisher(broker.bootstrapServers()).publish(plan.manifest(), plan.items(), n -> { });
            System.err.println(sent ? "produced " + plan.items().size() + " items for run " + config.runId()
                    : "run " + config.runId() + " was already produced; nothing sent");
        }
        return 0;
    }
}
