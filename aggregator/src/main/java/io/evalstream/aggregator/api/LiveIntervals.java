package io.evalstream.aggregator.api;

import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.aggregator.stats.ConfidenceSequence;
import io.evalstream.aggregator.stats.Interval;
import io.evalstream.aggregator.stats.PairCounts;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.RunManifest;
import java.util.List;
import java.util.Map;

/**
 * Anytime-valid 95% confidence sequences beside the fixed-n intervals of the live view
 * ({@link ConfidenceSequence}): for an accuracy, its value over all scorable items of the
 * benchmark or category; for a regression, model minus base over all of them. They need the
 * population size N: the run's items (their count per benchmark, and per MMLU category) less the
 * unscorable ones. Spider's hardness is only known once an item is scored, so a hardness level has
 * no N before the run ends and gets no sequence; fields are null where there is none.
 */
final class LiveIntervals {
    static final double ALPHA = 0.05;
    /** The explanation the page shows, with what this pipeline's scoring order means for it. */
    static final String EXPLANATION = ConfidenceSequence.EXPLANATION + " EvalStream streams items grouped by database and"
            + " subject (to reuse prompt caches), not in a random order: until a run completes, read these as a guide"
            + " rather than a guarantee.";

    private LiveIntervals() {
    }

    /** Adds {@code population}, {@code cs_low} and {@code cs_high} (fractions) to a stats row. */
    static void addTo(Map<String, Object> row, AccuracyStats s, RunRecords records) {
        Long population = population(s.getRunId(), s.getBenchmark(), s.getCategory(), s.getN(), s.getUnscorable(), records);
        Interval cs = population == null ? null : ConfidenceSequence.accuracy(population, s.getN(), s.getCorrect(), ALPHA);
        row.put("population", population);
        row.put("cs_low", cs == null ? null : cs.low());
        row.put("cs_high", cs == null ? null : cs.high());
    }

    /** Adds {@code cs_low}, {@code cs_high} and their {@code _points} to an "all" regression row. */
    static void addToRegression(Map<String, Object> row, List<AccuracyStats> stats, RunRecords records) {
        Interval cs = null;
        if (StatsCounts.ALL.equals(row.get("category")) && ((Number) row.get("n_paired")).longValue() > 0) {
            Benchmark benchmark = Benchmark.valueOf((String) row.get("benchmark"));
            AccuracyStats base = stats.stream().filter(s -> s.getModelId().equals(row.get("base_model_id"))
                    && s.getBenchmark() == benchmark && StatsCounts.ALL.equals(s.getCategory())
                    && s.getMetricVersion().equals(row.get("metric_version"))).findFirst().orElse(null);
            long paired = ((Number) row.get("n_paired")).longValue();
            long b = ((Number) row.get("base_only_correct")).longValue();
            long c = ((Number) row.get("model_only_correct")).longValue();
            Long population = base == null ? null : population((String) row.get("run_id"), benchmark, StatsCounts.ALL,
                    Math.max(paired, base.getN()), base.getUnscorable(), records);
            if (population != null && population >= paired) {
                cs = ConfidenceSequence.difference(population, new PairCounts(paired - b - c, b, c, 0), ALPHA);
            }
        }
        row.put("cs_low", cs == null ? null : cs.low());
        row.put("cs_high", cs == null ? null : cs.high());
        row.put("cs_low_points", cs == null ? null : 100 * cs.low());
        row.put("cs_high_points", cs == null ? null : 100 * cs.high());
    }

    /** Scorable items of the benchmark (or MMLU category) in the run; null when unknown. Never below what is counted. */
    static Long population(String runId, Benchmark benchmark, String category, long n, long unscorable, RunRecords records) {
        boolean all = StatsCounts.ALL.equals(category);
        if (!all && benchmark != Benchmark.MMLU) {
            return null;
        }
        RunRecords.ItemCount items = records.itemCount(runId, benchmark, all ? null : category);
        long total = items.total();
        if (total == 0 && all) {
            RunManifest manifest = records.manifest(runId);
            Integer expected = manifest == null ? null : manifest.getExpectedItems().get(benchmark.name());
            total = expected == null ? 0 : expected;
        }
        if (total == 0) {
            return null;
        }
        long population = Math.max(n, total - Math.max(items.knownUnscorable(), unscorable));
        return population == 0 ? null : population;
    }
}
