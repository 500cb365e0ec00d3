package io.evalstream.scorer;

import io.evalstream.metrics.AnswerMatch;
import io.evalstream.metrics.ExecutionAccuracy;
import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.SpiderHardness;
import io.evalstream.metrics.Verdict;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Score;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Which metric scores which benchmark, and how a prediction becomes a test case and a verdict a
 * score. Spider's category is the hardness of the gold SQL; MMLU's is the subject's category.
 * Thread-safe: the metrics' {@code evaluate} methods keep no per-call state.
 */
public final class ScoringMetrics implements AutoCloseable {
    private final ExecutionAccuracy executionAccuracy;
    private final AnswerMatch answerMatch = new AnswerMatch();

    public ScoringMetrics(ExecutionAccuracy executionAccuracy) {
        this.executionAccuracy = executionAccuracy;
    }

    /** Name and version of the metric used for a benchmark, for keys and run records. */
    public Map<String, String> versions() {
        Map<String, String> v = new LinkedHashMap<>();
        v.put(ExecutionAccuracy.NAME, executionAccuracy.version());
        v.put(AnswerMatch.NAME, answerMatch.version());
        return v;
    }

    public Score score(Prediction p) {
        if (p.getBenchmark() == Benchmark.SPIDER) {
            return spider(p);
        }
        if (p.getBenchmark() == Benchmark.MMLU) {
            return mmlu(p);
        }
        throw new IllegalArgumentException("no metric for benchmark " + p.getBenchmark() + " of " + p.getPredictionId());
    }

    private Score spider(Prediction p) {
        if (p.getDbId() == null) {
            throw new IllegalArgumentException("Spider prediction " + p.getPredictionId() + " has no db_id");
        }
        LLMTestCase testCase = LLMTestCase.builder()
                .input(p.getItemId())
                .actualOutput(p.getOutput())
                .expectedOutput(p.getGold())
                .context(List.of(p.getDbId()))
                .build();
        Verdict verdict = executionAccuracy.evaluate(testCase);
        return build(p, ExecutionAccuracy.NAME, executionAccuracy.version(), hardness(p.getGold()), verdict);
    }

    private Score mmlu(Prediction p) {
        LLMTestCase.Builder testCase = LLMTestCase.builder()
                .input(p.getItemId())
                .actualOutput(p.getOutput())
                .expectedOutput(p.getGold());
        if (p.getChoiceLogprobs() != null) {
            testCase.metadata(AnswerMatch.LOGPROBS_KEY, p.getChoiceLogprobs());
        }
        Verdict verdict = answerMatch.evaluate(testCase.build());
        String category = p.getCategory() == null ? "unknown" : p.getCategory();
        return build(p, AnswerMatch.NAME, answerMatch.version(), category, verdict);
    }

    private static String hardness(String goldSql) {
        try {
            return SpiderHardness.of(goldSql);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private static Score build(Prediction p, String metric, String version, String category, Verdict verdict) {
        Outcome outcome = verdict.outcome();
        return Score.newBuilder()
                .setScoreId(RecordKeys.scoreId(p.getPredictionId(), metric, version))
                .setPredictionId(p.getPredictionId())
                .setRunId(p.getRunId())
                .setModelId(p.getModelId())
                .setBenchmark(p.getBenchmark())
                .setItemId(p.getItemId())
                .setGroup(p.getGroup())
                .setCategory(category)
                .setMetric(metric)
                .setMetricVersion(version)
                .setScorable(outcome.scorable())
                .setScore(verdict.score())
                .setOutcome(outcome.label())
                .setReason(verdict.reason())
                .setScoredAt(System.currentTimeMillis())
                .build();
    }

    @Override
    public void close() {
        executionAccuracy.close();
    }
}
