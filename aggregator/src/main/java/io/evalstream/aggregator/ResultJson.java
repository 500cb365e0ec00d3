package io.evalstream.aggregator;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Regression;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The run's results as JSON, the same shapes the HTTP API serves (the README's "JSON" section
 * documents every field): {@code stats} (AccuracyStats fields), {@code seeds} (mean and sample
 * std-dev of accuracy across {@code @seed<N>} models) and {@code regressions}.
 *
 * <p>One scale: every proportion (accuracies, differences, interval ends, relative changes) is a
 * fraction; a field ending in {@code _points} holds the same difference in percentage points, for
 * people. Undefined numbers are null.
 */
public final class ResultJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public static String render(RunResults results) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", results.runId());
        out.put("stats", stats(results.stats()));
        out.put("seeds", seeds(SeedSummary.of(results.stats())));
        out.put("regressions", regressions(results.regressions()));
        return write(out);
    }

    public static List<Map<String, Object>> stats(List<AccuracyStats> stats) {
        return stats.stream().map(AvroJson::toMap).toList();
    }

    /** The regressions with their Holm-adjusted p-values over the family they form (see {@link ComparisonFamily}). */
    public static List<Map<String, Object>> regressions(List<Regression> regressions) {
        ComparisonFamily family = ComparisonFamily.of(regressions);
        return regressions.stream().map(r -> regression(r, family)).toList();
    }

    static Map<String, Object> regression(Regression r, ComparisonFamily family) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("run_id", r.getRunId());
        m.put("metric", r.getMetric());
        m.put("metric_version", r.getMetricVersion());
        m.put("model_id", r.getModelId());
        m.put("base_model_id", r.getBaseModelId());
        m.put("benchmark", r.getBenchmark().name());
        m.put("category", r.getCategory());
        m.put("n_base", r.getNBase());
        m.put("n_model", r.getNModel());
        m.put("n_paired", r.getNPaired());
        m.put("base_correct", r.getBaseCorrect());
        m.put("model_correct", r.getModelCorrect());
        m.put("base_accuracy", AvroJson.number(r.getBaseAccuracy()));
        m.put("model_accuracy", AvroJson.number(r.getModelAccuracy()));
        m.put("diff", AvroJson.number(r.getDiffPoints() / 100));
        m.put("diff_points", AvroJson.number(r.getDiffPoints()));
        m.put("relative_change", r.getRelativePercent() == null ? null : AvroJson.number(r.getRelativePercent() / 100));
        m.put("base_only_correct", r.getBaseOnlyCorrect());
        m.put("model_only_correct", r.getModelOnlyCorrect());
        long paired = r.getNPaired();
        double pairedDiff = paired == 0 ? Double.NaN : (double) (r.getModelOnlyCorrect() - r.getBaseOnlyCorrect()) / paired;
        m.put("paired_diff", AvroJson.number(pairedDiff));
        m.put("paired_diff_points", AvroJson.number(100 * pairedDiff));
        m.put("mcnemar_p", paired == 0 ? null : AvroJson.number(r.getMcnemarP()));
        m.put("mcnemar_p_holm", AvroJson.number(family.adjustedP(r)));
        m.put("significant", family.significant(r));
        m.put("bootstrap_low", AvroJson.number(r.getBootstrapLow() / 100));
        m.put("bootstrap_high", AvroJson.number(r.getBootstrapHigh() / 100));
        m.put("bootstrap_low_points", AvroJson.number(r.getBootstrapLow()));
        m.put("bootstrap_high_points", AvroJson.number(r.getBootstrapHigh()));
        m.put("bootstrap_seed", r.getBootstrapSeed());
        m.put("updated_at", r.getUpdatedAt());
        return m;
    }

    public static List<Map<String, Object>> seeds(List<SeedSummary> seeds) {
        return seeds.stream().map(s -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("metric", s.metric());
            m.put("metric_version", s.metricVersion());
            m.put("benchmark", s.benchmark().name());
            m.put("category", s.category());
            m.put("model", s.model());
            m.put("model_ids", s.modelIds());
            m.put("mean_accuracy", AvroJson.number(s.meanAccuracy()));
            m.put("std_dev_accuracy_sample", AvroJson.number(s.stdDevAccuracy()));
            return m;
        }).toList();
    }

    public static String write(Object value) {
        try {
            return MAPPER.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException("cannot write results as JSON", e);
        }
    }

    private ResultJson() {
    }
}
