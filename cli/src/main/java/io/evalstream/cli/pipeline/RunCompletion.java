package io.evalstream.cli.pipeline;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * What completion of a run means: every expected (model, item) pair, the manifest's items times the
 * run's models, has a score of the current metric versions or a dead letter standing for that very
 * pair. Anything else keyed with the run id (a prediction or score of an item the manifest does
 * not list, a record that did not decode) is foreign: reported, never counted, and it can neither
 * complete a run nor raise its counts.
 *
 * <p>Fed from the topics by {@link RunWatch}; kept apart from them so the rules are tested alone.
 */
public final class RunCompletion {
    private final String runId;
    private final String prefix;
    private final Set<String> expected = new LinkedHashSet<>();
    private final Set<String> metricVersions;
    private final Set<String> predicted = new HashSet<>();
    private final Set<String> scored = new HashSet<>();
    private final Map<String, DeadLetter> deadPairs = new LinkedHashMap<>();
    private final Set<String> deadLetterIds = new HashSet<>();
    private final Map<String, Long> foreign = new TreeMap<>();
    private final List<DeadLetter> unattributed = new ArrayList<>();

    /**
     * @param metricVersions the "metric@version" of the scores this attempt waits for (a re-score
     *                       waits for the new version's scores, not the old ones)
     */
    public RunCompletion(RunManifest manifest, List<String> modelIds, Set<String> metricVersions) {
        this.runId = manifest.getRunId();
        this.prefix = runId + RecordKeys.SEPARATOR;
        this.metricVersions = metricVersions;
        for (String model : modelIds) {
            manifest.getItemIds().forEach((benchmark, ids) -> ids.forEach(item ->
                    expected.add(RecordKeys.predictionId(runId, model, Benchmark.valueOf(benchmark), item))));
        }
    }

    /** A record on the predictions topic, by its key (a prediction id). */
    public void prediction(String key) {
        if (key == null || !key.startsWith(prefix)) {
            return;
        }
        if (expected.contains(key)) {
            predicted.add(key);
        } else {
            foreign.merge("predictions of no expected (model, item)", 1L, Long::sum);
        }
    }

    /** A record on the scores topic: its key, and its value if it decoded. */
    public void score(String key, Optional<Score> value) {
        if (key == null || !key.startsWith(prefix)) {
            return;
        }
        if (value.isEmpty()) {
            foreign.merge("scores that do not decode", 1L, Long::sum);
            return;
        }
        Score s = value.get();
        if (!metricVersions.contains(s.getMetric() + "@" + s.getMetricVersion())) {
            return; // an earlier metric version's score: a re-score waits for its own
        }
        String pair = RecordKeys.predictionId(s.getRunId(), s.getModelId(), s.getBenchmark(), s.getItemId());
        if (expected.contains(pair)) {
            scored.add(pair);
        } else {
            foreign.merge("scores of no expected (model, item)", 1L, Long::sum);
        }
    }

    /**
     * A dead letter: it completes a pair only through its prediction id. Counted once per stage and
     * source record, so a record refused again (a resumed attempt) counts once.
     */
    public void deadLetter(String key, Optional<DeadLetter> value) {
        if (value.isEmpty()) {
            if (key != null && key.startsWith(prefix)) {
                foreign.merge("dead letters that do not decode", 1L, Long::sum);
            }
            return;
        }
        DeadLetter d = value.get();
        String pair = d.getPredictionId();
        boolean ours = (key != null && key.startsWith(prefix)) || (pair != null && pair.startsWith(prefix));
        if (!ours || !deadLetterIds.add(d.getStage() + "|" + d.getSourceTopic() + "|" + d.getPartition() + "|" + d.getOffset())) {
            return;
        }
        if (pair != null && expected.contains(pair)) {
            deadPairs.putIfAbsent(pair, d);
        } else {
            unattributed.add(d);
        }
    }

    public long expected() {
        return expected.size();
    }

    /** Pairs with a prediction or a dead letter: what the generator has dealt with. */
    public long generated() {
        return expected.stream().filter(p -> predicted.contains(p) || deadPairs.containsKey(p)).count();
    }

    /** Pairs with a score or a dead letter. */
    public long done() {
        return expected.stream().filter(p -> scored.contains(p) || deadPairs.containsKey(p)).count();
    }

    public boolean allDone() {
        return done() == expected.size();
    }

    /**
     * Whether the aggregator has counted every expected pair that has a score: its n plus
     * unscorable, per model and benchmark, at least the scored pairs (the aggregator counts only
     * expected pairs, once each).
     */
    public boolean aggregatorCaughtUp(List<AccuracyStats> stats) {
        Map<String, Long> scoredBy = new TreeMap<>();
        for (String pair : scored) {
            scoredBy.merge(modelAndBenchmark(pair), 1L, Long::sum);
        }
        for (Map.Entry<String, Long> e : scoredBy.entrySet()) {
            if (aggregated(stats, e.getKey()) < e.getValue()) {
                return false;
            }
        }
        return true;
    }

    /** Items the aggregator has counted, over every model and benchmark, for the current metric versions. */
    public long aggregated(List<AccuracyStats> stats) {
        return stats.stream()
                .filter(s -> "all".equals(s.getCategory()))
                .filter(s -> metricVersions.contains(s.getMetric() + "@" + s.getMetricVersion()))
                .mapToLong(s -> s.getN() + s.getUnscorable())
                .sum();
    }

    private long aggregated(List<AccuracyStats> stats, String modelAndBenchmark) {
        return stats.stream()
                .filter(s -> "all".equals(s.getCategory()))
                .filter(s -> metricVersions.contains(s.getMetric() + "@" + s.getMetricVersion()))
                .filter(s -> (s.getModelId() + RecordKeys.SEPARATOR + s.getBenchmark().name()).equals(modelAndBenchmark))
                .mapToLong(s -> s.getN() + s.getUnscorable())
                .sum();
    }

    /** Dead letters standing for expected pairs: in the run, not in its counts. */
    public List<DeadLetter> deadLetters() {
        return List.copyOf(deadPairs.values());
    }

    /** Records keyed with the run id that stand for no expected pair, by what they are. */
    public Map<String, Long> foreign() {
        Map<String, Long> all = new TreeMap<>(foreign);
        for (DeadLetter d : unattributed) {
            all.merge("dead letters for no expected (model, item): " + d.getKind() + " on " + d.getSourceTopic(), 1L, Long::sum);
        }
        return all;
    }

    /** Pairs with neither a score nor a dead letter, counted by model and benchmark, with a few examples each. */
    public Map<String, List<String>> missing(int examples) {
        Map<String, List<String>> byModel = new TreeMap<>();
        Map<String, Integer> counts = new TreeMap<>();
        for (String pair : expected) {
            if (scored.contains(pair) || deadPairs.containsKey(pair)) {
                continue;
            }
            String group = modelAndBenchmark(pair);
            counts.merge(group, 1, Integer::sum);
            List<String> list = byModel.computeIfAbsent(group, g -> new ArrayList<>());
            if (list.size() < examples) {
                list.add(pair.substring(pair.lastIndexOf(RecordKeys.SEPARATOR) + 1));
            }
        }
        Map<String, List<String>> out = new TreeMap<>();
        byModel.forEach((group, list) -> out.put(group + " (" + counts.get(group) + " missing)", list));
        return out;
    }

    /** "model/BENCHMARK" of a prediction id run/model/BENCHMARK/item. */
    private String modelAndBenchmark(String pair) {
        String rest = pair.substring(prefix.length());
        return rest.substring(0, rest.lastIndexOf(RecordKeys.SEPARATOR));
    }

    public String runId() {
        return runId;
    }
}
