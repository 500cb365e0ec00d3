package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;

/** evaluate() is thread-safe: many threads sharing one metric and one gold cache give the sequential verdicts. */
class ConcurrencyTest {

    @Test
    void parallelVerdictsEqualSequentialOnes() throws Exception {
        Path data = TestData.dataDir();
        List<SpiderItem> items = SpiderDevSet.read(data);
        List<LLMTestCase> cases = new ArrayList<>();
        for (SpiderItem item : items) {
            cases.add(item.testCase(item.query()));
            cases.add(item.testCase(item.query() + (item.query().toLowerCase().contains("limit") ? "" : " LIMIT 1")));
            cases.add(item.testCase(item.query().replaceFirst("(?i) from ", " FROM x_")));
        }
        List<Verdict> sequential = new ArrayList<>();
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults())) {
            for (LLMTestCase tc : cases) {
                sequential.add(metric.evaluate(tc));
            }
        }
        GoldResultCache cache = new GoldResultCache();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults().withGoldCache(cache))) {
            List<Future<Verdict>> futures = new ArrayList<>();
            for (LLMTestCase tc : cases) {
                futures.add(pool.submit(() -> metric.evaluate(tc)));
            }
            for (int i = 0; i < cases.size(); i++) {
                assertEquals(sequential.get(i), futures.get(i).get(), "case " + i);
            }
            assertTrue(metric.connectionsOpened() <= 8L * 19, "at most one connection per database per thread: " + metric.connectionsOpened());
        } finally {
            pool.shutdownNow();
        }
        // each distinct (db, gold) ran once, however many threads asked at the same time
        long scorableLookups = 3L * items.stream().filter(i -> !i.dbId().equals("wta_1")).count();
        assertEquals(scorableLookups, cache.hits() + cache.misses());
        assertEquals(cache.size(), cache.misses());
    }

    @Test
    void versionNamesModeAndNonDefaultOptions() {
        SpiderDatabases dbs = new SpiderDatabases(Path.of("nowhere"));
        assertEquals("2/official", new ExecutionAccuracy(dbs, ExecutionOptions.defaults()).version());
        assertEquals("2/set", new ExecutionAccuracy(dbs, ExecutionOptions.defaults().withMode(ComparisonMode.SET)).version());
        assertEquals("2/bag/timeout=1000ms/rows=50/tol=1.0E-6", new ExecutionAccuracy(dbs, ExecutionOptions.defaults()
                .withMode(ComparisonMode.BAG).withTimeout(Duration.ofSeconds(1)).withMaxRows(50).withFloatTolerance(1e-6)).version());
        assertEquals("2/strict/bytes=1000", new ExecutionAccuracy(dbs, ExecutionOptions.defaults().withMode(ComparisonMode.STRICT)
                .withMaxBytes(1000)).version());
    }
}
