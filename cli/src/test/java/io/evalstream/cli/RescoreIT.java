package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.Versions;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The predictions topic is the source of truth: running a finished run again with another
 * comparison mode replays its predictions into new scores of a new metric version, side by side
 * with the old ones, without producing or generating anything again.
 */
@ExtendWith(KafkaBroker.class)
class RescoreIT {

    @Test
    void anotherComparisonModeRescoresWithoutCallingTheModelAgain(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("rescore");
        Path source = TestData.experiments().resolve("oracle-smoke.yaml");
        ExperimentConfig official = RunScenario.config(source, temp, runId,
                y -> y.replaceFirst("(?m)^    split: dev .*$", "    split: dev\n    limit: 120"));
        ExperimentConfig set = RunScenario.config(source, temp, runId, y -> y
                .replaceFirst("(?m)^    split: dev .*$", "    split: dev\n    limit: 120")
                .replaceFirst("(?m)^  spider_mode: official.*$", "  spider_mode: set"));
        TopicSetup.ensureTopics(broker.bootstrapServers(), official.partitions(), (short) 1);

        run(broker, temp, data, official);
        Map<String, Integer> predictionsBefore = RunScenario.committedKeys(broker.bootstrapServers(), Topics.PREDICTIONS, runId);
        RunResults results = run(broker, temp, data, set);

        assertEquals(predictionsBefore, RunScenario.committedKeys(broker.bootstrapServers(), Topics.PREDICTIONS, runId),
                "no prediction was generated again");
        List<String> versions = results.stats().stream()
                .filter(s -> s.getBenchmark() == Benchmark.SPIDER && s.getCategory().equals("all"))
                .map(AccuracyStats::getMetricVersion).sorted().toList();
        assertEquals(List.of("2/official", "2/set"), versions, "both versions side by side");
        for (AccuracyStats s : results.stats()) {
            if (s.getBenchmark() == Benchmark.SPIDER && s.getCategory().equals("all")) {
                assertEquals(120, s.getN() + s.getUnscorable(), s.getMetricVersion());
                assertEquals(s.getN(), s.getCorrect(), "gold against gold is right in every mode");
            }
        }
        // Spider scores of the two modes are distinct score ids; MMLU's metric did not change, so the
        // replay re-emits the same score ids, which the aggregator recognises and counts once
        Map<String, Integer> scores = RunScenario.committedKeys(broker.bootstrapServers(), Topics.SCORES, runId);
        assertEquals(2 * 120 + 150, scores.size(), "Spider scored in two modes, MMLU under one version");
        assertTrue(RunScenario.duplicated(scores).stream().allMatch(id -> id.contains("#answer_match@")),
                "only the unchanged metric's scores were re-emitted: " + RunScenario.duplicated(scores));
        assertEquals(150, RunScenario.stats(results, "base", Benchmark.MMLU, "all").getN(), "re-emitted scores counted once");
    }

    private static RunResults run(KafkaBroker broker, Path temp, Path data, ExperimentConfig config) throws Exception {
        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, Versions.all()), broker.bootstrapServers(), temp.resolve("streams"))) {
            return pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false)).results();
        }
    }
}
