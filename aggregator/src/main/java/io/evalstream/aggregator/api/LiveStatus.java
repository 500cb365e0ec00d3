package io.evalstream.aggregator.api;

import io.evalstream.aggregator.CategoryOrder;
import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.run.ProgressRate;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.RunManifest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Where a run stands, for the live view: its status (running, finished, stalled), each stage's
 * progress per model against the manifest's expected totals with items per second and time left,
 * the dead letters by stage and kind, and the categories still pending.
 *
 * <p>Finished means every expected (model, item) is counted by the aggregator or dead-lettered;
 * stalled means not finished and nothing moved for {@link #STALL}: no prediction or score written
 * (by their record times) and no count seen to grow while the page watched.
 */
final class LiveStatus {
    static final Duration STALL = Duration.ofSeconds(30);
    static final String AGGREGATE = "aggregate";

    private LiveStatus() {
    }

    static Map<String, Object> of(String runId, RunRecords records, RunFollower follower, List<AccuracyStats> stats, long now) {
        RunManifest manifest = records.manifest(runId);
        List<String> models = models(manifest, stats);
        Map<String, Long> expectedByBenchmark = new TreeMap<>();
        if (manifest != null) {
            manifest.getExpectedItems().forEach((b, n) -> expectedByBenchmark.put(b, n.longValue()));
        }
        long expectedPerModel = expectedByBenchmark.values().stream().mapToLong(Long::longValue).sum();
        Map<String, Map<String, Long>> generated = records.generated(runId);
        Map<String, Map<String, Long>> scored = records.scored(runId);
        Map<String, Map<String, Long>> aggregated = aggregated(stats);
        long lastMoved = 0;

        List<Map<String, Object>> progress = new ArrayList<>();
        long[] totals = new long[3];
        String[] stages = {RunFollower.GENERATE, RunFollower.SCORE, AGGREGATE};
        List<Map<String, Map<String, Long>>> counts = List.of(generated, scored, aggregated);
        for (int s = 0; s < stages.length; s++) {
            for (String model : models) {
                long done = sum(counts.get(s).get(model));
                totals[s] += done;
                ProgressRate rate = follower.rate(runId, stages[s], model);
                if (stages[s].equals(AGGREGATE)) {
                    // the counts have no record times of their own: their pace is what this view sees them do
                    rate.observe(now, done);
                }
                lastMoved = Math.max(lastMoved, rate.lastProgressAt());
                progress.add(row(stages[s], model, done, manifest == null ? null : expectedPerModel, rate, now));
            }
        }
        List<DeadLetter> dead = records.deadLetters(runId);
        long expectedTotal = expectedPerModel * models.size();
        boolean finished = manifest != null && totals[2] + dead.size() >= expectedTotal && expectedTotal > 0;
        boolean stalled = !finished && lastMoved > 0 && now - lastMoved > STALL.toMillis();
        String status = finished ? "finished" : stalled ? "stalled" : "running";

        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", runId);
        out.put("status", status);
        out.put("status_detail", detail(status, manifest, totals[2], expectedTotal, dead.size(), lastMoved, now));
        out.put("expected_items", expectedByBenchmark);
        out.put("models", models);
        out.put("expected_per_model", manifest == null ? null : expectedPerModel);
        out.put("progress", progress);
        out.put("last_progress_at", lastMoved == 0 ? null : lastMoved);
        out.put("dead_letters", deadLetters(dead));
        out.put("pending", pending(manifest, models, expectedByBenchmark, stats, aggregated));
        out.put("manifest", manifest == null ? null : manifestSummary(manifest));
        return out;
    }

    private static Map<String, Object> row(String stage, String model, long done, Long expected, ProgressRate rate, long now) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("stage", stage);
        m.put("model_id", model);
        m.put("done", done);
        m.put("expected", expected);
        m.put("fraction", expected == null || expected == 0 ? null : Math.min(1.0, (double) done / expected));
        double perSecond = rate.perSecond(now);
        m.put("items_per_second", perSecond);
        Duration left = expected == null ? null : rate.timeLeft(expected - done, now);
        m.put("seconds_left", left == null ? null : left.toSeconds());
        m.put("time_left", expected == null ? null : ProgressRate.format(left));
        return m;
    }

    private static String detail(String status, RunManifest manifest, long aggregated, long expected, int dead, long lastMoved,
                                 long now) {
        if (manifest == null) {
            return "no run manifest yet: expected totals unknown";
        }
        String counted = aggregated + " of " + expected + " (model, item) pairs counted";
        String deadText = dead == 0 ? "" : ", " + dead + " dead-lettered";
        return switch (status) {
            case "finished" -> counted + deadText;
            case "stalled" -> counted + deadText + "; nothing moved for " + (now - lastMoved) / 1000 + " s";
            default -> counted + deadText;
        };
    }

    /** Scorable plus unscorable items counted per model and benchmark, under the metric version that has counted most. */
    static Map<String, Map<String, Long>> aggregated(List<AccuracyStats> stats) {
        Map<String, Map<String, Long>> out = new TreeMap<>();
        for (AccuracyStats s : stats) {
            if (StatsCounts.ALL.equals(s.getCategory())) {
                out.computeIfAbsent(s.getModelId(), m -> new TreeMap<>())
                        .merge(s.getBenchmark().name(), s.getN() + s.getUnscorable(), Math::max);
            }
        }
        return out;
    }

    /** Categories a model has not reached yet: none of its items there is counted and its benchmark is not complete. */
    private static List<Map<String, String>> pending(RunManifest manifest, List<String> models, Map<String, Long> expected,
                                                     List<AccuracyStats> stats, Map<String, Map<String, Long>> aggregated) {
        Set<String> seen = new LinkedHashSet<>();
        stats.stream().filter(s -> s.getN() + s.getUnscorable() > 0)
                .forEach(s -> seen.add(s.getModelId() + "|" + s.getBenchmark() + "|" + s.getCategory()));
        Set<String> benchmarks = new LinkedHashSet<>(expected.keySet());
        if (manifest == null) {
            stats.forEach(s -> benchmarks.add(s.getBenchmark().name()));
        }
        List<Map<String, String>> out = new ArrayList<>();
        for (String model : models) {
            for (String benchmark : benchmarks) {
                long done = aggregated.getOrDefault(model, Map.of()).getOrDefault(benchmark, 0L);
                if (expected.containsKey(benchmark) && done >= expected.get(benchmark)) {
                    continue; // complete: a category it never reached is absent from the data, not pending
                }
                Benchmark b = Benchmark.valueOf(benchmark);
                List<String> categories = new ArrayList<>(List.of(StatsCounts.ALL));
                categories.addAll(CategoryOrder.expected(b));
                for (String category : categories) {
                    if (!seen.contains(model + "|" + benchmark + "|" + category)) {
                        out.add(Map.of("model_id", model, "benchmark", benchmark, "category", category));
                    }
                }
            }
        }
        return out;
    }

    private static Map<String, Object> deadLetters(List<DeadLetter> dead) {
        Map<String, Long> byStage = new TreeMap<>();
        Map<String, Long> byKind = new TreeMap<>();
        for (DeadLetter d : dead) {
            byStage.merge(d.getStage(), 1L, Long::sum);
            byKind.merge(d.getKind().name(), 1L, Long::sum);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("total", dead.size());
        m.put("by_stage", byStage);
        m.put("by_kind", byKind);
        m.put("examples", dead.stream().limit(5).map(d -> Map.of("stage", d.getStage(), "kind", d.getKind().name(),
                "key", String.valueOf(d.getKey()), "reason", d.getReason())).toList());
        return m;
    }

    private static Map<String, Object> manifestSummary(RunManifest m) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("seed", m.getSeed());
        out.put("config_sha256", m.getConfigSha256());
        out.put("items_sha256", m.getItemsSha256());
        out.put("started_at", m.getStartedAt());
        out.put("base_model", m.getModels().stream().filter(ModelInfo::getBase).map(ModelInfo::getModelId).findFirst().orElse(null));
        out.put("versions", new TreeMap<>(m.getVersions()));
        return out;
    }

    private static List<String> models(RunManifest manifest, List<AccuracyStats> stats) {
        Set<String> models = new LinkedHashSet<>();
        if (manifest != null) {
            manifest.getModels().forEach(m -> models.add(m.getModelId()));
        }
        stats.forEach(s -> models.add(s.getModelId()));
        return List.copyOf(models);
    }

    private static long sum(Map<String, Long> byBenchmark) {
        return byBenchmark == null ? 0 : byBenchmark.values().stream().mapToLong(Long::longValue).sum();
    }
}
