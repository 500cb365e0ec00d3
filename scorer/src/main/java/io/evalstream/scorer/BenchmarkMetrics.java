package io.evalstream.scorer;

import io.evalstream.metrics.BaseMetric;
import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.mmlu.AnswerMatch;
import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.hardness.SpiderHardness;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Prediction;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Which metric scores which benchmark: one row per benchmark, as lm-evaluation-harness's task
 * registry maps a task to its metrics. A new benchmark is one row here; {@link ScoringMetrics}
 * has no per-benchmark code. Spider's category is the hardness of the gold SQL; MMLU's is the
 * subject's category.
 */
final class BenchmarkMetrics {

    /**
     * How one benchmark is scored.
     *
     * @param metric   the metric; its name and version go into every score
     * @param testCase turns a prediction into the metric's test case; an {@code IllegalArgumentException} names what is missing
     * @param category the category a score is reported under
     */
    record Row(BaseMetric metric, Function<Prediction, LLMTestCase> testCase, Function<Prediction, String> category) {
    }

    /** The table, in a fixed order (the order of {@link ScoringMetrics#versions()}). */
    static Map<Benchmark, Row> table(ExecutionAccuracy executionAccuracy) {
        Map<Benchmark, Row> rows = new LinkedHashMap<>();
        rows.put(Benchmark.SPIDER, new Row(executionAccuracy, BenchmarkMetrics::spiderCase, p -> hardness(p.getGold())));
        rows.put(Benchmark.MMLU, new Row(new AnswerMatch(), BenchmarkMetrics::mmluCase,
                p -> p.getCategory() == null ? "unknown" : p.getCategory()));
        return rows;
    }

    private static LLMTestCase spiderCase(Prediction p) {
        if (p.getDbId() == null) {
            throw new IllegalArgumentException("Spider prediction " + p.getPredictionId() + " has no db_id");
        }
        return LLMTestCase.builder()
                .input(p.getItemId())
                .actualOutput(p.getOutput())
                .expectedOutput(p.getGold())
                .context(List.of(p.getDbId()))
                .build();
    }

    private static LLMTestCase mmluCase(Prediction p) {
        LLMTestCase.Builder testCase = LLMTestCase.builder()
                .input(p.getItemId())
                .actualOutput(p.getOutput())
                .expectedOutput(p.getGold());
        if (p.getChoiceLogprobs() != null) {
            testCase.metadata(AnswerMatch.LOGPROBS_KEY, p.getChoiceLogprobs());
        }
        return testCase.build();
    }

    private static String hardness(String goldSql) {
        try {
            return SpiderHardness.of(goldSql);
        } catch (RuntimeException e) {
            return "unknown";
        }
    }

    private BenchmarkMetrics() {
    }
}
