package io.evalstream.scorer.bench;

import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.GoldResultCache;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.metrics.spider.SpiderDevSet;
import io.evalstream.metrics.spider.SpiderItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Scores the dev set for the three synthetic models (3 x 1034 scores) in three configurations,
 * one after the other in the same JVM: (a) parallel workers with the gold cache, (b) parallel
 * without it, (c) the naive baseline: one thread, no cache, a fresh connection per query.
 * A warm-up pass first loads SQLite's native library and lets the JIT compile the hot paths;
 * each configuration then runs several rounds, interleaved, and its median round is reported.
 */
public final class ScoringBenchmark {
    private ScoringBenchmark() {
    }

    /** One measured configuration. */
    public record Measurement(String config, int threads, int scores, double seconds, long correct, long cacheHits,
                              long cacheMisses, long connectionsOpened) {
        public double scoresPerSecond() {
            return scores / seconds;
        }
    }

    /** One round of each configuration, then the median of {@code rounds} rounds (interleaved, so drift hits all alike). */
    public static List<Measurement> run(Path dataDir, int threads, int rounds) {
        if (rounds < 1) {
            throw new IllegalArgumentException("rounds must be at least 1, got " + rounds);
        }
        List<SpiderItem> items = SpiderDevSet.read(dataDir);
        List<LLMTestCase> cases = new ArrayList<>();
        for (int m = 0; m < SyntheticPredictions.MODELS.size(); m++) {
            List<String> predictions = SyntheticPredictions.of(items, m);
            for (SpiderItem item : items) {
                cases.add(item.testCase(predictions.get(item.index())));
            }
        }
        SpiderDatabases dbs = new SpiderDatabases(dataDir);
        ExecutionOptions base = ExecutionOptions.defaults();
        measure("warm-up", dbs, base.withGoldCache(new GoldResultCache()), true, threads, cases);
        List<List<Measurement>> byConfig = List.of(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        for (int r = 0; r < rounds; r++) {
            byConfig.get(0).add(measure("(a) parallel, gold cache on", dbs, base.withGoldCache(new GoldResultCache()), true, threads, cases));
            byConfig.get(1).add(measure("(b) parallel, gold cache off", dbs, base.withGoldCache(null), true, threads, cases));
            byConfig.get(2).add(measure("(c) 1 thread, no cache, fresh connections", dbs, base.withGoldCache(null), false, 1, cases));
        }
        List<Measurement> out = new ArrayList<>();
        for (List<Measurement> runs : byConfig) {
            List<Measurement> sorted = new ArrayList<>(runs);
            sorted.sort(Comparator.comparingDouble(Measurement::seconds));
            out.add(sorted.get(sorted.size() / 2));
        }
        return out;
    }

    private static Measurement measure(String config, SpiderDatabases dbs, ExecutionOptions options, boolean reuse, int threads,
                                       List<LLMTestCase> cases) {
        try (ExecutionAccuracy metric = new ExecutionAccuracy(dbs, options, reuse)) {
            long start = System.nanoTime();
            List<Verdict> verdicts;
            if (threads == 1 && !reuse) {
                verdicts = new ArrayList<>(cases.size());
                for (LLMTestCase tc : cases) {
                    verdicts.add(metric.evaluate(tc));
                }
            } else {
                try (ParallelScorer scorer = new ParallelScorer(metric, threads)) {
                    verdicts = scorer.scoreAll(cases);
                }
            }
            double seconds = (System.nanoTime() - start) / 1e9;
            long correct = verdicts.stream().filter(v -> v.outcome() == Outcome.CORRECT).count();
            GoldResultCache cache = options.goldCache();
            return new Measurement(config, threads, cases.size(), seconds, correct, cache == null ? 0 : cache.hits(),
                    cache == null ? 0 : cache.misses(), metric.connectionsOpened());
        }
    }
}
