package io.evalstream.aggregator.api;

import io.evalstream.aggregator.AvroJson;
import io.evalstream.aggregator.ResultJson;
import io.evalstream.aggregator.SeedSummary;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The bodies of the per-run endpoints: the state stores' counts (through {@link RunQueries})
 * joined with what the {@link RunFollower} read from the topics. A run nobody has heard of is a
 * 404 naming the runs there are; a filter value the run cannot match is a 400 naming the allowed ones.
 */
final class RunEndpoints {
    private final RunQueries queries;
    private final RunFollower follower;
    private final Set<String> knownOutcomes;

    RunEndpoints(RunQueries queries, RunFollower follower, Set<String> knownOutcomes) {
        this.queries = queries;
        this.follower = follower;
        this.knownOutcomes = Set.copyOf(knownOutcomes);
    }

    Map<String, Object> runs() {
        RunRecords records = follower.refresh();
        Map<String, RunQueries.RunOverview> counted = queries.runs();
        Set<String> ids = new TreeSet<>(counted.keySet());
        ids.addAll(records.runs());
        List<Object> runs = new ArrayList<>();
        for (String id : ids) {
            runs.add(counted.getOrDefault(id, new RunQueries.RunOverview(id, new TreeSet<>(), new TreeSet<>(), new TreeSet<>())));
        }
        return Map.of("runs", runs);
    }

    Map<String, Object> summary(String run) {
        RunRecords records = known(run);
        List<AccuracyStats> stats = queries.summary(run);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (AccuracyStats s : stats) {
            Map<String, Object> row = AvroJson.toMap(s);
            LiveIntervals.addTo(row, s, records);
            rows.add(row);
        }
        Map<String, Object> out = body(run);
        out.put("stats", rows);
        out.put("seeds", ResultJson.seeds(SeedSummary.of(stats)));
        out.put("confidence_sequence", LiveIntervals.EXPLANATION);
        return out;
    }

    Map<String, Object> regression(String run) {
        RunRecords records = known(run);
        List<AccuracyStats> stats = queries.summary(run);
        List<Map<String, Object>> rows = ResultJson.regressions(queries.regressions(run));
        rows.forEach(row -> LiveIntervals.addToRegression(row, stats, records));
        Map<String, Object> out = body(run);
        out.put("regressions", rows);
        return out;
    }

    Map<String, Object> status(String run) {
        RunRecords records = known(run);
        return LiveStatus.of(run, records, follower, queries.summary(run), System.currentTimeMillis());
    }

    Map<String, Object> items(String run, Map<String, String> params, int limit) {
        RunRecords records = known(run);
        String model = params.get("model");
        if (model != null) {
            Set<String> models = new TreeSet<>(queries.runs().getOrDefault(run,
                    new RunQueries.RunOverview(run, new TreeSet<>(), new TreeSet<>(), new TreeSet<>())).models());
            if (!models.contains(model)) {
                throw new ApiException(400, "unknown model '" + model + "' in run " + run, List.copyOf(models));
            }
        }
        String outcome = params.get("outcome");
        if (outcome != null) {
            Set<String> allowed = new TreeSet<>(knownOutcomes);
            allowed.addAll(queries.outcomes(run));
            if (!allowed.contains(outcome)) {
                throw new ApiException(400, "unknown outcome '" + outcome + "'", List.copyOf(allowed));
            }
        }
        Map<String, Object> out = body(run);
        out.put("items", queries.items(run, model, outcome, limit, records));
        return out;
    }

    /** An SVG chart: "learning-forgetting" or "accuracy-SPIDER" / "accuracy-MMLU". */
    String chart(String run, String name) {
        known(run);
        List<AccuracyStats> stats = queries.summary(run);
        if (name.equals("learning-forgetting")) {
            return LiveCharts.learningForgetting(stats, queries.regressions(run));
        }
        for (Benchmark b : new Benchmark[] {Benchmark.SPIDER, Benchmark.MMLU}) {
            if (name.equals("accuracy-" + b.name())) {
                @SuppressWarnings("unchecked")
                List<Map<String, String>> pending = (List<Map<String, String>>) status(run).get("pending");
                return LiveCharts.accuracy(b, stats, pending.stream().filter(p -> p.get("benchmark").equals(b.name()))
                        .map(p -> p.get("category")).distinct().toList());
            }
        }
        throw new ApiException(404, "no chart '" + name + "'", List.of("learning-forgetting", "accuracy-SPIDER", "accuracy-MMLU"));
    }

    /** The follower's records, once the run is known to the stores or the topics. */
    private RunRecords known(String run) {
        RunRecords records = follower.refresh();
        if (records.manifest(run) == null && !queries.runs().containsKey(run)) {
            Set<String> runs = new TreeSet<>(queries.runs().keySet());
            runs.addAll(records.runs());
            throw new ApiException(404, "unknown run '" + run + "'", List.copyOf(runs));
        }
        return records;
    }

    private static Map<String, Object> body(String run) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("run_id", run);
        return out;
    }
}
