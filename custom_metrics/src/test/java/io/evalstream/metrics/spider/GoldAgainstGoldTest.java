package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Every scorable dev item, predicted as its own gold SQL, scores 1.0 in every mode; wta_1 items are unscorable. */
class GoldAgainstGoldTest {

    @ParameterizedTest
    @EnumSource(ComparisonMode.class)
    void goldScoresOneOnEveryScorableItem(ComparisonMode mode) {
        Path data = TestData.dataDir();
        List<SpiderItem> items = SpiderDevSet.read(data);
        assertEquals(1034, items.size(), "Spider dev has 1034 items");
        List<String> failures = new ArrayList<>();
        int missingDb = 0;
        int correct = 0;
        ExecutionOptions options = ExecutionOptions.defaults().withMode(mode);
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), options)) {
            for (SpiderItem item : items) {
                Verdict v = metric.evaluate(item.testCase(item.query()));
                if (v.outcome() == Outcome.UNSCORABLE_DB_MISSING) {
                    missingDb++;
                    assertEquals("wta_1", item.dbId(), "only wta_1 is missing: " + v.reason());
                    assertTrue(v.reason().contains("wta_1.sqlite"), "reason names the expected path: " + v.reason());
                } else if (v.outcome() == Outcome.CORRECT && v.score() == 1.0) {
                    correct++;
                } else {
                    failures.add("dev[" + item.index() + "] " + v);
                }
            }
            assertTrue(failures.isEmpty(), failures.size() + " gold queries did not match themselves: " + failures.stream().limit(5).toList());
            assertEquals(62, missingDb, "the 62 wta_1 items are UNSCORABLE_DB_MISSING");
            assertEquals(972, correct);
            // each distinct (db, gold SQL) ran once; repeated gold queries were cache hits
            assertTrue(options.goldCache().hits() > 0, options.goldCache().toString());
            assertTrue(metric.connectionsOpened() <= 19, "connections are reused: opened " + metric.connectionsOpened());
        }
    }
}
