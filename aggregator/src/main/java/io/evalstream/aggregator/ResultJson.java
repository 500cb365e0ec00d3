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
 * The run's results as JSON, the same shapes the HTTP API serves: {@code stats} (AccuracyStats
 * fields), {@code seeds} (mean and sample std-dev of accuracy across {@code @seed<N>} models)
 * and {@code regressions} (Regression fields plus {@code paired_diff_points}, the difference
 * over the paired items only).
 */
public final class ResultJson {
    private static final JsonMapper MAPPER = JsonMapper.builder().enable(SerializationFeature.INDENT_OUTPUT).build();

    public static String render(RunResults results) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", results.runId());
        out.put("stats", results.stats().stream().map(AvroJson::toMap).toList());
        out.put("seeds", seeds(SeedSummary.of(results.stats())));
        out.put("regressions", results.regressions().stream().map(ResultJson::regression).toList());
        return write(out);
    }

    public static List<Map<String, Object>> stats(List<AccuracyStats> stats) {
        return stats.stream().map(AvroJson::toMap).toList();
    }

    public static Map<String, Object> regression(Regression r) {
        Map<String, Object> map = AvroJson.toMap(r);
        long paired = r.getNPaired();
        map.put("paired_diff_points", paired == 0 ? null
                : 100.0 * (r.getModelOnlyCorrect() - r.getBaseOnlyCorrect()) / paired);
        return map;
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
