package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.predictions.SpiderPredictionsFile;
import io.evalstream.metrics.Verdict;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The JUnit counterpart of "integrate the metric in a pytest test": one dynamic test per Spider
 * dev item, failing with the metric's reason. The predictions file (one SQL per line, aligned
 * with dev.json, as the official evaluator takes) is a parameter:
 * <pre>./mvnw -pl custom_metrics test -Dtest=SpiderPredictionsTest -Devalstream.predictions=FILE</pre>
 * Without it the gold SQL column of dev_gold.sql is scored, so every scorable item passes; items
 * that cannot be scored (wta_1) are aborted with their reason, never counted as passes.
 */
class SpiderPredictionsTest {
    private static ExecutionAccuracy metric;

    @TestFactory
    Stream<DynamicTest> everyDevItem() {
        Path data = TestData.dataDir();
        List<SpiderItem> items = SpiderDevSet.read(data);
        Path file = predictionsFile();
        // the same reader as score-file and replay; without a file, dev_gold.sql ('SQL<TAB>db_id' lines) is the predictions file
        List<String> predictions = SpiderPredictionsFile.read(file == null ? data.resolve("spider/dev_gold.sql") : file, items);
        metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults());
        return IntStream.range(0, items.size()).mapToObj(i -> {
            SpiderItem item = items.get(i);
            String name = "dev[" + i + "] " + item.dbId() + " (" + DevSetScorer.hardness(item) + "): " + item.question();
            return DynamicTest.dynamicTest(name, () -> {
                Verdict v = metric.evaluate(item.testCase(predictions.get(i)));
                if (!v.outcome().scorable()) {
                    Assumptions.abort(v.outcome().label() + ": " + v.reason());
                }
                assertEquals(Outcome.CORRECT, v.outcome(), () -> v.outcome().label() + ": " + v.reason()
                        + "\n  predicted: " + predictions.get(i) + "\n  gold:      " + item.query());
            });
        });
    }

    @AfterAll
    static void close() {
        if (metric != null) {
            metric.close();
        }
    }

    /** -Devalstream.predictions, resolved against the working folder, then the checkout root; null when not given. */
    private static Path predictionsFile() {
        String value = System.getProperty("evalstream.predictions", "");
        if (value.isBlank() || value.startsWith("${")) {
            return null;
        }
        Path file = Path.of(value);
        if (!file.isAbsolute() && !Files.exists(file)) {
            String root = System.getProperty("evalstream.projectRoot", "");
            if (!root.isBlank() && !root.startsWith("${")) {
                file = Path.of(root).resolve(value);
            }
        }
        if (!Files.isRegularFile(file)) {
            throw new IllegalArgumentException("-Devalstream.predictions=" + value + ": no such file (looked at " + file.toAbsolutePath()
                    + "); give one SQL per line, aligned with dev.json");
        }
        return file;
    }
}
