package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.Models;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.Stages;
import io.evalstream.generator.Model;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The generator stage alone: a member of the run's generator consumer group. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Turn the run's items into predictions with its models, until stopped. Start several to scale out.")
public final class GenerateCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = stage.config();
        CommonOptions common = stage.common();
        // only a replay model needs the data folder: its predictions files are checked against the run's items
        boolean replays = config.models().stream().anyMatch(m -> m.kind().equals("replay"));
        Path dataDir = replays ? common.dataDir(config.dataDir()) : null;
        Model model = Models.create(config, dataDir, replays ? RunPlan.build(config, dataDir, Map.of()).items() : List.of());
        BrokerConnection broker = common.openBroker(config.partitions());
        return StageProcess.runUntilStopped("generator",
                Stages.generator(config, broker.bootstrapServers(), model, stage.instance()), model, broker);
    }
}
