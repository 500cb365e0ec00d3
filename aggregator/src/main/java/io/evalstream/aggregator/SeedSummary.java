package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Accuracy of one model configuration trained with several seeds.
 *
 * <p>Convention: a model id ending in {@code @seed<N>} (e.g. {@code lora-r16@seed1},
 * {@code lora-r16@seed2}) is seed N of the configuration named before the {@code @}. Each seed
 * is aggregated as its own model; this summary gives the mean accuracy across seeds and its
 * sample std-dev (n-1 in the denominator: the seeds are a sample of the possible trainings;
 * NaN with one seed).
 */
public record SeedSummary(String metric, String metricVersion, Benchmark benchmark, String category, String model,
                          List<String> modelIds, double meanAccuracy, double stdDevAccuracy) {
    private static final Pattern SEEDED = Pattern.compile("^(.+)@seed(\\d+)$");

    /** The configuration name of a seeded model id, or null when the id carries no seed. */
    public static String configurationOf(String modelId) {
        Matcher m = SEEDED.matcher(modelId);
        return m.matches() ? m.group(1) : null;
    }

    /** One summary per configuration, metric version, benchmark and category that has seeded models. */
    public static List<SeedSummary> of(List<AccuracyStats> stats) {
        Map<String, List<AccuracyStats>> groups = new TreeMap<>();
        for (AccuracyStats s : stats) {
            String configuration = configurationOf(s.getModelId());
            if (configuration != null && s.getN() > 0) {
                groups.computeIfAbsent(String.join("\u0000", s.getMetric(), s.getMetricVersion(), s.getBenchmark().name(),
                        configuration, CategoryOrder.sortKey(s.getBenchmark(), s.getCategory())), k -> new ArrayList<>()).add(s);
            }
        }
        List<SeedSummary> out = new ArrayList<>();
        for (List<AccuracyStats> group : groups.values()) {
            AccuracyStats first = group.get(0);
            double[] accuracies = group.stream().mapToDouble(AccuracyStats::getAccuracy).toArray();
            double mean = Arrays.stream(accuracies).average().orElse(Double.NaN);
            double squares = Arrays.stream(accuracies).map(a -> (a - mean) * (a - mean)).sum();
            double sd = accuracies.length < 2 ? Double.NaN : Math.sqrt(squares / (accuracies.length - 1));
            out.add(new SeedSummary(first.getMetric(), first.getMetricVersion(), first.getBenchmark(),
                    first.getCategory(), configurationOf(first.getModelId()),
                    group.stream().map(AccuracyStats::getModelId).sorted().toList(), mean, sd));
        }
        return out;
    }
}
