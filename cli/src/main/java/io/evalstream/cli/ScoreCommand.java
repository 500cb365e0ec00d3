package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import io.evalstream.cli.pipeline.StageFactory;
import io.evalstream.scorer.ScorerStage;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** The scorer stage alone: a member of the run's scorer consumer group. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score the run's predictions (execution accuracy, answer matching), exactly once, until stopped.")
public final class ScoreCommand implements Callable<Integer> {
    @Parameters(index = "0", paramLabel = "CONFIG")
    Path configFile;

    @Option(names = "--instance", defaultValue = "0", description = "Distinct per process of this stage (names its transactional id).")
    int instance;

    @Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = ExperimentConfigReader.read(configFile);
        ScorerStage scorer = StageFactory.scorer(config, common.dataDir(config.dataDir()));
        BrokerConnection broker = common.openBroker(config.partitions());
        return StageProcess.runUntilStopped("scorer",
                StageFactory.scorerStage(config, broker.bootstrapServers(), scorer, instance), scorer, broker);
    }
}
