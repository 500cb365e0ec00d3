package io.evalstream.cli;

import io.evalstream.cli.broker.BrokerConnection;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.Stages;
import io.evalstream.scorer.ScorerStage;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** The scorer stage alone: a member of the run's scorer consumer group. */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score the run's predictions (execution accuracy, answer matching), exactly once, until stopped.")
public final class ScoreCommand implements Callable<Integer> {
    @Mixin
    StageOptions stage;

    @Override
    public Integer call() throws Exception {
        ExperimentConfig config = stage.config();
        CommonOptions common = stage.common();
        ScorerStage scorer = Stages.scorer(config, common.dataDir(config.dataDir()));
        BrokerConnection broker = common.openBroker(config.partitions());
        return StageProcess.runUntilStopped("scorer",
                Stages.scorerStage(config, broker.bootstrapServers(), scorer, stage.instance()), scorer, broker);
    }
}
