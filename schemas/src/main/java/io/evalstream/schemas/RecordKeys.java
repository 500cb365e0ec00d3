package io.evalstream.schemas;

/**
 * The keys of the pipeline's records. A prediction id names run, model, benchmark and item, so a
 * re-delivered record is recognised; a score id adds the metric and its version, so old and new
 * scores of one prediction live side by side.
 */
public final class RecordKeys {
    public static final String SEPARATOR = "/";

    /** Items of one prompt-prefix group share a key, hence a partition, hence a generator's prefix cache. */
    public static String itemKey(EvalItem item) {
        return String.join(SEPARATOR, item.getRunId(), item.getBenchmark().name(), item.getGroup());
    }

    public static String predictionId(String runId, String modelId, Benchmark benchmark, String itemId) {
        return String.join(SEPARATOR, runId, modelId, benchmark.name(), itemId);
    }

    public static String scoreId(String predictionId, String metric, String metricVersion) {
        return predictionId + "#" + metric + "@" + metricVersion;
    }

    public static String statsKey(String runId, String metric, String metricVersion, String modelId,
                                  Benchmark benchmark, String category) {
        return String.join(SEPARATOR, runId, metric + "@" + metricVersion, modelId, benchmark.name(), category);
    }

    private RecordKeys() {
    }
}
