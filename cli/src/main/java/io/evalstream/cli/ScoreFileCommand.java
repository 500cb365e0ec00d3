package io.evalstream.cli;

import io.evalstream.metrics.predictions.SpiderPredictionsFile;
import io.evalstream.metrics.spider.AccuracyReport;
import io.evalstream.metrics.spider.DevSetScorer;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.ItemVerdict;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.metrics.spider.SpiderDevSet;
import io.evalstream.metrics.spider.SpiderItem;
import io.evalstream.metrics.spider.VerdictsFile;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Scores a Spider dev predictions file without Kafka: the official evaluator's job, with explained verdicts. */
@Command(name = "score-file", mixinStandardHelpOptions = true,
        description = "Score a Spider dev predictions file (one SQL per line, aligned with dev.json) by execution accuracy, "
                + "without Kafka. Prints accuracy overall and by hardness, unscorable items apart.")
public final class ScoreFileCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    DataFolder dataFolder;

    @Option(names = "--predictions", paramLabel = "FILE", required = true,
            description = "One prediction per line, line i for dev.json item i; lines 'SQL<TAB>db_id' (the official format) are"
                    + " checked against dev.json. A bad file is refused (exit code 2) with its file and line named.")
    Path predictions;

    @Option(names = "--mode", paramLabel = "MODE", defaultValue = "official",
            description = "official (the verdicts of test-suite-sql-eval), strict (the SQL as written), bag or set. Default: ${DEFAULT-VALUE}.")
    String mode;

    @Option(names = "--out", paramLabel = "FILE", description = "Write one verdict per item as JSON lines "
            + "(index, db_id, hardness, outcome, score, reason, output, executed).")
    Path out;

    @Option(names = "--timeout-ms", paramLabel = "N", defaultValue = "10000", description = "Per-query time limit. Default: ${DEFAULT-VALUE}.")
    long timeoutMs;

    @Option(names = "--float-tolerance", paramLabel = "X", description = "Treat numbers within X as equal. Default: off, as the official evaluator.")
    Double floatTolerance;

    @Override
    public Integer call() {
        Path data = dataFolder.resolve();
        if (!Files.isRegularFile(predictions)) {
            throw new IllegalArgumentException("predictions file " + predictions.toAbsolutePath() + " does not exist");
        }
        ExecutionOptions options = ExecutionOptions.defaults().withMode(ComparisonMode.fromLabel(mode))
                .withTimeout(Duration.ofMillis(timeoutMs)).withFloatTolerance(floatTolerance);
        List<SpiderItem> items = SpiderDevSet.read(data);
        List<String> sql = SpiderPredictionsFile.read(predictions, items); // refuses a bad file before scoring anything
        List<ItemVerdict> verdicts;
        String version;
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), options)) {
            verdicts = DevSetScorer.score(items, sql, metric);
            version = metric.version();
        }
        String title = "Execution accuracy of " + predictions + " on Spider dev (" + ExecutionAccuracy.NAME + " " + version + ")";
        spec.commandLine().getOut().print(new AccuracyReport(verdicts).render(title));
        if (out != null) {
            VerdictsFile.write(out, verdicts);
            spec.commandLine().getOut().println("verdicts: " + out);
        }
        spec.commandLine().getOut().flush();
        return 0;
    }
}
