package io.evalstream.metrics;

import java.util.concurrent.CompletableFuture;

/**
 * A Java mirror of DeepEval's custom-metric contract. {@link #measure} records the last test
 * case's score, reason, success and error on the instance (as DeepEval does), so one instance
 * measures one test case at a time; {@link #evaluate} is the pure, thread-safe core that
 * concurrent callers (the scorer stage) use instead.
 */
public abstract class BaseMetric {
    private final double threshold;
    private final boolean strictMode;
    private final boolean asyncMode;
    private final boolean includeReason;

    private Double score;
    private String reason;
    private Boolean success;
    private String error;
    private Verdict verdict;

    protected BaseMetric(double threshold, boolean strictMode, boolean asyncMode, boolean includeReason) {
        if (threshold < 0 || threshold > 1) {
            throw new IllegalArgumentException("threshold must be in [0, 1], got " + threshold);
        }
        this.threshold = strictMode ? 1.0 : threshold;
        this.strictMode = strictMode;
        this.asyncMode = asyncMode;
        this.includeReason = includeReason;
    }

    /** Scores one test case without touching instance state; safe to call from many threads. */
    public abstract Verdict evaluate(LLMTestCase testCase);

    /** The metric's name, as it appears in score records. */
    public abstract String name();

    /** Changes whenever a change of code or options could change a verdict. */
    public abstract String version();

    /**
     * Scores the test case and records score, reason and success. On an exception the error is
     * recorded and the exception rethrown; nothing from a previous test case survives.
     */
    public synchronized double measure(LLMTestCase testCase) {
        score = null;
        reason = null;
        success = null;
        error = null;
        verdict = null;
        try {
            Verdict v = evaluate(testCase);
            verdict = v;
            score = v.score();
            reason = includeReason ? v.reason() : null;
            success = v.score() >= threshold;
            return v.score();
        } catch (RuntimeException e) {
            error = e.getClass().getSimpleName() + ": " + e.getMessage();
            success = false;
            throw e;
        }
    }

    /** Measures on the common pool when asyncMode is on, in the caller's thread otherwise. */
    public CompletableFuture<Double> aMeasure(LLMTestCase testCase) {
        if (asyncMode) {
            return CompletableFuture.supplyAsync(() -> measure(testCase));
        }
        try {
            return CompletableFuture.completedFuture(measure(testCase));
        } catch (RuntimeException e) {
            return CompletableFuture.failedFuture(e);
        }
    }

    /** False when the last measure failed with an error or scored below the threshold. */
    public synchronized boolean isSuccessful() {
        return error == null && Boolean.TRUE.equals(success);
    }

    public double threshold() { return threshold; }
    public boolean strictMode() { return strictMode; }
    public boolean asyncMode() { return asyncMode; }
    public boolean includeReason() { return includeReason; }
    public synchronized Double score() { return score; }
    public synchronized String reason() { return reason; }
    public synchronized Boolean success() { return success; }
    public synchronized String error() { return error; }
    /** The full verdict of the last measure, or null if it failed or none ran. */
    public synchronized Verdict verdict() { return verdict; }
}
