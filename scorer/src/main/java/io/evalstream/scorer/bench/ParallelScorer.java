package io.evalstream.scorer.bench;

import io.evalstream.metrics.BaseMetric;
import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Verdict;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A fixed pool of workers that score test cases with one metric's thread-safe
 * {@link BaseMetric#evaluate}. With ExecutionAccuracy each worker borrows the metric's pooled
 * read-only connections (at most one per database per worker, reused for the whole run) and all
 * workers share its GoldResultCache, so a gold query runs once however many models are scored.
 * Closing the scorer stops the workers; it does not close the metric.
 */
public final class ParallelScorer implements AutoCloseable {
    private final BaseMetric metric;
    private final int threads;
    private final ExecutorService workers;

    public ParallelScorer(BaseMetric metric, int threads) {
        if (threads < 1) {
            throw new IllegalArgumentException("threads must be at least 1, got " + threads);
        }
        this.metric = metric;
        this.threads = threads;
        AtomicInteger n = new AtomicInteger();
        this.workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "scorer-" + metric.name() + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** Scores one test case on a worker; the future fails with the metric's exception for a malformed test case. */
    public CompletableFuture<Verdict> submit(LLMTestCase testCase) {
        return CompletableFuture.supplyAsync(() -> metric.evaluate(testCase), workers);
    }

    /**
     * Scores all test cases and returns their verdicts in input order.
     *
     * @throws IllegalArgumentException naming the index of the first test case the metric rejected
     */
    public List<Verdict> scoreAll(List<LLMTestCase> testCases) {
        List<CompletableFuture<Verdict>> futures = new ArrayList<>(testCases.size());
        for (LLMTestCase tc : testCases) {
            futures.add(submit(tc));
        }
        List<Verdict> verdicts = new ArrayList<>(testCases.size());
        for (int i = 0; i < futures.size(); i++) {
            try {
                verdicts.add(futures.get(i).join());
            } catch (CompletionException e) {
                futures.forEach(f -> f.cancel(false));
                throw new IllegalArgumentException("test case " + i + " (input '" + testCases.get(i).input() + "') could not be scored: "
                        + e.getCause(), e.getCause());
            }
        }
        return verdicts;
    }

    public int threads() {
        return threads;
    }

    @Override
    public void close() {
        workers.shutdownNow();
    }
}
