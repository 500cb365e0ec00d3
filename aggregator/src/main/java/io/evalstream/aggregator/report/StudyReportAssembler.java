package io.evalstream.aggregator.report;

import io.evalstream.aggregator.ComparisonFamily;
import io.evalstream.aggregator.RunResults;
import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.run.ItemOutcome;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.aggregator.stats.PairedBootstrap;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.RunManifest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Builds a run's {@link StudyReport} from its published results (the numbers {@code results}
 * prints, unchanged) and its per-item records (for what the published records cannot give:
 * clustered SEs, detectable effects, error examples, provenance).
 */
public final class StudyReportAssembler {
    public static final int DEFAULT_EXAMPLES = 3;

    public static StudyReport assemble(RunResults results, RunRecords records, int examplesPerBenchmark) {
        String runId = results.runId();
        RunManifest manifest = records.manifest(runId);
        List<ItemOutcome> outcomes = records.outcomes(runId);
        List<String> warnings = new ArrayList<>();
        if (manifest == null) {
            warnings.add("no run manifest on the runs topic: training and reproducibility are what the predictions recorded");
        }
        if (manifest != null) {
            warnings.addAll(incomplete(manifest, results.stats()));
        }
        ItemVerdictTable verdicts = new ItemVerdictTable(outcomes);
        UncertaintyRows uncertainty = new UncertaintyRows(verdicts, warnings);
        ComparisonFamily family = ComparisonFamily.of(results.regressions());
        Map<String, String> headlineMetric = headlineMetric(results.stats());
        String base = baseModel(results, manifest);
        long seed = manifest == null ? 0 : manifest.getSeed();
        return new StudyReport(runId, base, headline(results, family, headlineMetric, base),
                uncertainty.accuracy(results.stats()), uncertainty.regressions(results.regressions(), family),
                family.size(), ErrorAnalysis.outcomes(outcomes),
                ErrorAnalysis.examples(verdicts, base, models(results, manifest), headlineMetric, seed, examplesPerBenchmark),
                Provenance.training(manifest),
                Provenance.reproducibility(runId, manifest, records.predictions(runId), bootstrapSeed(results)),
                List.copyOf(new LinkedHashSet<>(warnings)));
    }

    /** A sentence per model and benchmark whose counted items fall short of the manifest's: the run is not finished. */
    public static List<String> incomplete(RunManifest manifest, List<AccuracyStats> stats) {
        List<String> out = new ArrayList<>();
        for (ModelInfo m : manifest.getModels()) {
            manifest.getExpectedItems().forEach((benchmark, expected) -> {
                long counted = stats.stream().filter(s -> s.getModelId().equals(m.getModelId())
                                && s.getBenchmark().name().equals(benchmark) && StatsCounts.ALL.equals(s.getCategory()))
                        .mapToLong(s -> s.getN() + s.getUnscorable()).max().orElse(0);
                if (counted < expected) {
                    out.add(m.getModelId() + " " + benchmark + ": " + counted + " of " + expected + " items counted; the run is not"
                            + " finished (or lost items to dead letters), so this report shows a part of it");
                }
            });
        }
        return out;
    }

    /**
     * The metric version each benchmark's headline uses: the one counted last, when a run was
     * re-scored with another version (both stay in the tables).
     */
    public static Map<String, String> headlineMetric(List<AccuracyStats> stats) {
        Map<String, String> metric = new LinkedHashMap<>();
        Map<String, Long> updated = new LinkedHashMap<>();
        for (Benchmark b : new Benchmark[] {Benchmark.SPIDER, Benchmark.MMLU}) {
            for (AccuracyStats s : stats) {
                if (s.getBenchmark() == b && StatsCounts.ALL.equals(s.getCategory())
                        && s.getUpdatedAt() >= updated.getOrDefault(b.name(), Long.MIN_VALUE)) {
                    updated.put(b.name(), s.getUpdatedAt());
                    metric.put(b.name(), s.getMetric() + "@" + s.getMetricVersion());
                }
            }
        }
        return metric;
    }

    private static List<StudyReport.Headline> headline(RunResults results, ComparisonFamily family,
                                                       Map<String, String> metric, String base) {
        Map<String, StudyReport.Change[]> byModel = new LinkedHashMap<>();
        for (Regression r : results.regressions()) {
            String key = r.getMetric() + "@" + r.getMetricVersion();
            if (!StatsCounts.ALL.equals(r.getCategory()) || !key.equals(metric.get(r.getBenchmark().name()))
                    || r.getModelId().equals(base)) {
                continue;
            }
            StudyReport.Change[] changes = byModel.computeIfAbsent(r.getModelId(), m -> new StudyReport.Change[2]);
            changes[r.getBenchmark() == Benchmark.SPIDER ? 0 : 1] =
                    new StudyReport.Change(r, family.adjustedP(r), family.significant(r));
        }
        List<StudyReport.Headline> out = new ArrayList<>();
        byModel.forEach((model, c) -> out.add(new StudyReport.Headline(model, c[0], c[1])));
        return out;
    }

    private static String baseModel(RunResults results, RunManifest manifest) {
        if (!results.regressions().isEmpty()) {
            return results.regressions().get(0).getBaseModelId();
        }
        if (manifest != null) {
            for (ModelInfo m : manifest.getModels()) {
                if (m.getBase()) {
                    return m.getModelId();
                }
            }
        }
        return "base";
    }

    private static List<String> models(RunResults results, RunManifest manifest) {
        Set<String> models = new LinkedHashSet<>();
        if (manifest != null) {
            manifest.getModels().forEach(m -> models.add(m.getModelId()));
        }
        results.stats().forEach(s -> models.add(s.getModelId()));
        return List.copyOf(models);
    }

    private static long bootstrapSeed(RunResults results) {
        return results.regressions().isEmpty() ? PairedBootstrap.DEFAULT_SEED : results.regressions().get(0).getBootstrapSeed();
    }

    private StudyReportAssembler() {
    }
}
