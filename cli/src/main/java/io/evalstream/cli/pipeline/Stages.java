package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.GroupPositions;
import io.evalstream.aggregator.RegressionOptions;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.GeneratorStage;
import io.evalstream.generator.Model;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.GoldResultCache;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.Prediction;
import io.evalstream.stages.GroupOffsets;
import io.evalstream.stages.StageSettings;
import io.evalstream.stages.TransactionalStage;
import io.evalstream.scorer.ScorerStage;
import io.evalstream.scorer.ScoringMetrics;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Collectors;

/** Builds each stage of a run from its config, the same way in one JVM and as separate processes. */
public final class Stages {

    public static TransactionalStage<EvalItem> generator(ExperimentConfig config, String bootstrap, Model model, int instance) {
        int batch = config.models().stream().mapToInt(ExperimentConfig.ModelConfig::batchSize).max().orElse(8);
        StageSettings settings = StageSettings.of(GeneratorStage.NAME, bootstrap, config.runId(), instance)
                .withMaxPollRecords(Math.max(1, batch));
        return GeneratorStage.create(settings, config.runId(), model);
    }

    public static ScorerStage scorer(ExperimentConfig config, Path dataDir) {
        return new ScorerStage(scoringMetrics(config, dataDir), config.scoring().workers());
    }

    public static ScoringMetrics scoringMetrics(ExperimentConfig config, Path dataDir) {
        ExperimentConfig.ScoringConfig s = config.scoring();
        ExecutionOptions options = new ExecutionOptions(ComparisonMode.fromLabel(s.spiderMode()),
                Duration.ofMillis(s.timeoutMs()), ExecutionOptions.DEFAULT_MAX_ROWS, ExecutionOptions.DEFAULT_MAX_BYTES,
                s.floatTolerance(), new GoldResultCache());
        return new ScoringMetrics(new ExecutionAccuracy(new SpiderDatabases(dataDir), options));
    }

    public static TransactionalStage<Prediction> scorerStage(ExperimentConfig config, String bootstrap, ScorerStage scorer, int instance) {
        // one consumer group per set of metric versions: re-scoring with another version or mode
        // replays the predictions from the start instead of finding the offsets already committed
        String versions = scorer.versions().entrySet().stream()
                .map(e -> e.getKey() + "@" + e.getValue()).collect(Collectors.joining("+"));
        StageSettings settings = StageSettings.of(ScorerStage.NAME, bootstrap, config.runId(), instance)
                .withGroupSuffix(versions)
                .withMaxPollRecords(200);
        return ScorerStage.create(settings, config.runId(), scorer);
    }

    public static AggregatorApp aggregator(String bootstrap, Path stateDir, String baseModel) {
        AggregatorApp app = new AggregatorApp(AggregatorApp.config(bootstrap, AggregatorApp.DEFAULT_APPLICATION_ID, stateDir),
                RegressionOptions.defaults().withBaseModel(baseModel));
        app.watchProgress(groupPositions(bootstrap));
        return app;
    }

    /** The aggregator's view of its group's progress, read by the stages room's admin client. */
    public static GroupPositions groupPositions(String bootstrap) {
        GroupOffsets offsets = new GroupOffsets(bootstrap);
        return new GroupPositions() {
            @Override
            public Map<Integer, Long> committed(String groupId, String topic) throws Exception {
                return offsets.committed(groupId, topic);
            }

            @Override
            public Map<Integer, Long> ends(String topic, Iterable<Integer> partitions) throws Exception {
                return offsets.ends(topic, partitions);
            }

            @Override
            public void close() {
                offsets.close();
            }
        };
    }

    private Stages() {
    }
}
