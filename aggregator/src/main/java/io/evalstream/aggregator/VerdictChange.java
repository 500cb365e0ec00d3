package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import java.util.Map;

/**
 * One model's verdict on one item changed: {@code before} is null the first time the item is
 * scored for the model. {@code others} holds the other models' current verdicts on the item, so
 * the regression can re-pair without another lookup. Passed between processors of one task,
 * never serialized.
 */
public record VerdictChange(String runId, String metric, String metricVersion, Benchmark benchmark, String itemId,
                            String modelId, ScoreVerdict before, ScoreVerdict after, Map<String, ScoreVerdict> others) {
}
