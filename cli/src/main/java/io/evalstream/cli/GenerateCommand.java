package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.ModelFactory;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.StageFactory;
import io.evalstream.generator.Model;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The generator stage alone: a member of the run's generator consumer group. */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Turn the run's items into predictions with its models, until stopped. Start several to scale out.")
public final class GenerateCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG")
    Path configFile;

    @Option(names = "--instance", defaultValue = "0", description = "Distinct per process of this stage (names its transactional id).")
    int instance;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = ExperimentConfigReader.read(configFile);
        Path dataDir = common.dataDir(config.dataDir());
        Model model = ModelFactory.create(config, dataDir, RunPlan.build(config, dataDir, Map.of()).items());
        BrokerConnection broker = common.openBroker(config.partitions());
        return StageProcess.runUntilStopped("generator",
                StageFactory.generator(config, broker.bootstrapServers(), model, instance), model, broker);
    }
}
