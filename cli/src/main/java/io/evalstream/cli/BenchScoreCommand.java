package io.evalstream.cli;

import io.evalstream.metrics.spider.SpiderDevSet;
import io.evalstream.scorer.bench.BenchReport;
import io.evalstream.scorer.bench.ScoringBenchmark;
import io.evalstream.scorer.bench.SyntheticPredictions;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * {@code evalstream bench score}: how fast scoring is with parallel workers and the gold cache,
 * against the naive baseline, measured side by side in one run.
 */
@Command(name = "score", mixinStandardHelpOptions = true,
        description = "Score 1034 Spider dev predictions of 3 synthetic models (3102 scores) three ways and print scores/s: "
                + "(a) parallel with the gold cache, (b) parallel without it, (c) one thread, no cache, a fresh connection per query.")
public final class BenchScoreCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataFolder dataFolder;

    @Option(names = "--threads", paramLabel = "N", description = "Parallel workers. Default: the number of CPU cores.")
    Integer threads;

    @Option(names = "--rounds", paramLabel = "N", defaultValue = "3",
            description = "Rounds per configuration, interleaved; the median round is reported. Default: ${DEFAULT-VALUE}.")
    int rounds;

    @Override
    public Integer call() {
        Path data = dataFolder.resolve();
        int n = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        int items = SpiderDevSet.read(data).size();
        List<ScoringBenchmark.Measurement> rows = ScoringBenchmark.run(data, n, rounds);
        String header = "bench score: " + items + " Spider dev items x " + SyntheticPredictions.MODELS.size() + " synthetic models = "
                + items * SyntheticPredictions.MODELS.size() + " scores; " + Runtime.getRuntime().availableProcessors() + " CPU cores; median of " + rounds + " rounds";
        spec.commandLine().getOut().print(BenchReport.render(rows, header));
        spec.commandLine().getOut().flush();
        return 0;
    }
}
