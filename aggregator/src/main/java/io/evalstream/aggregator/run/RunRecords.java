package io.evalstream.aggregator.run;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.common.errors.SerializationException;

/**
 * A run's records joined item by item: its manifest, its items' questions and gold answers, what
 * each model replied (predictions) and each metric version's latest verdict (scores), and the
 * records a stage could not handle. Fed record by record, so the same join serves a snapshot of
 * the topics (the report) and a live tail of them (the API). Thread-safe.
 *
 * <p>Scores are kept per score id, the latest winning, as the aggregator keeps one verdict per
 * (model, item, metric version); a model the manifest does not list is left out of the outcomes.
 */
public final class RunRecords {
    /** The topics the join reads. */
    public static final List<Topic<?>> TOPICS = List.of(Topics.RUNS, Topics.ITEMS, Topics.PREDICTIONS, Topics.SCORES,
            Topics.DEAD_LETTERS);

    private final String onlyRun;
    private final Map<String, RunManifest> manifests = new TreeMap<>();
    private final Map<String, ItemText> items = new HashMap<>();
    private final TreeMap<String, Prediction> predictions = new TreeMap<>();
    private final TreeMap<String, Score> scores = new TreeMap<>();
    private final Map<String, DeadLetter> deadLetters = new LinkedHashMap<>();

    /** @param onlyRun keep only this run's records; null keeps every run's */
    public RunRecords(String onlyRun) {
        this.onlyRun = onlyRun;
    }

    /** Takes one record of one of {@link #TOPICS}; records of other runs and values that do not decode are passed over. */
    public synchronized void accept(String topic, String key, byte[] value) {
        if (key == null || (onlyRun != null && !key.startsWith(onlyRun + RecordKeys.SEPARATOR) && !key.equals(onlyRun))) {
            return;
        }
        if (topic.equals(Topics.SCORES.name()) && value == null) {
            scores.remove(key);
            return;
        }
        if (value == null) {
            return;
        }
        try {
            if (topic.equals(Topics.RUNS.name())) {
                manifests.put(key, Topics.RUNS.decode(value));
            } else if (topic.equals(Topics.ITEMS.name())) {
                EvalItem item = Topics.ITEMS.decode(value);
                items.put(itemKey(item.getRunId(), item.getBenchmark().name(), item.getItemId()), ItemText.of(item));
            } else if (topic.equals(Topics.PREDICTIONS.name())) {
                predictions.put(key, Topics.PREDICTIONS.decode(value));
            } else if (topic.equals(Topics.SCORES.name())) {
                scores.put(key, Topics.SCORES.decode(value));
            } else if (topic.equals(Topics.DEAD_LETTERS.name())) {
                DeadLetter d = Topics.DEAD_LETTERS.decode(value);
                // once per stage and source record: a record refused again by a resumed attempt counts once
                deadLetters.putIfAbsent(d.getStage() + "|" + d.getSourceTopic() + "|" + d.getPartition() + "|"
                        + d.getOffset() + "|" + d.getReason(), d);
            }
        } catch (SerializationException | AvroRuntimeException e) {
            // not a value of the topic: the stages dead-letter such records; a reader passes over them
        }
    }

    public synchronized Set<String> runs() {
        Set<String> runs = new TreeSet<>(manifests.keySet());
        scores.values().forEach(s -> runs.add(s.getRunId()));
        return runs;
    }

    /** The run's manifest; null while the producer has not written it. */
    public synchronized RunManifest manifest(String runId) {
        return manifests.get(runId);
    }

    /** Every latest verdict of the run, with its texts, in benchmark, item and model order. */
    public synchronized List<ItemOutcome> outcomes(String runId) {
        Set<String> models = manifestModels(runId);
        List<ItemOutcome> out = new ArrayList<>();
        for (Score s : ofRun(scores, runId).values()) {
            if (!s.getRunId().equals(runId)) {
                continue; // a score filed under another run's key is not this run's
            }
            if (!models.isEmpty() && !models.contains(s.getModelId())) {
                continue;
            }
            out.add(toOutcome(s));
        }
        out.sort(Comparator.comparing((ItemOutcome o) -> o.benchmark().name()).thenComparingInt(ItemOutcome::index)
                .thenComparing(ItemOutcome::itemId).thenComparing(ItemOutcome::modelId).thenComparing(ItemOutcome::metricKey));
        return out;
    }

    /** One score's verdict with its texts; null when the score is not (or no longer) on the scores topic. */
    public synchronized ItemOutcome outcome(String scoreId) {
        Score s = scores.get(scoreId);
        return s == null ? null : toOutcome(s);
    }

    private ItemOutcome toOutcome(Score s) {
        Prediction p = predictions.get(s.getPredictionId());
        ItemText item = items.get(itemKey(s.getRunId(), s.getBenchmark().name(), s.getItemId()));
        boolean scorable = s.getScorable();
        return new ItemOutcome(s.getRunId(), s.getModelId(), s.getBenchmark(), s.getItemId(),
                item != null ? item.index() : p != null ? p.getIndex() : -1, s.getGroup(), s.getCategory(),
                s.getMetric(), s.getMetricVersion(), scorable, scorable && s.getScore() >= 0.5, s.getOutcome(),
                s.getReason(), item == null ? null : item.question(),
                item != null ? item.gold() : p != null ? p.getGold() : null,
                ScoreTexts.rawReply(s, p), ScoreTexts.executedSql(s));
    }

    /** The run's items, by benchmark name and item id. */
    public synchronized List<ItemText> items(String runId) {
        return items.values().stream().filter(i -> i.runId().equals(runId))
                .sorted(Comparator.comparing(ItemText::benchmark).thenComparingInt(ItemText::index)).toList();
    }

    /** The run's predictions, in key order. */
    public synchronized List<Prediction> predictions(String runId) {
        return List.copyOf(ofRun(predictions, runId).values());
    }

    /** The run's dead letters, once per stage and source record. */
    public synchronized List<DeadLetter> deadLetters(String runId) {
        String prefix = runId + RecordKeys.SEPARATOR;
        return deadLetters.values().stream().filter(d -> d.getKey() != null && d.getKey().startsWith(prefix)).toList();
    }

    /** Distinct predictions of the run per model and benchmark name. */
    public synchronized Map<String, Map<String, Long>> generated(String runId) {
        return predictions(runId).stream().collect(Collectors.groupingBy(Prediction::getModelId, TreeMap::new,
                Collectors.groupingBy(p -> p.getBenchmark().name(), TreeMap::new, Collectors.counting())));
    }

    /** Distinct predictions of the run with at least one score, per model and benchmark name. */
    public synchronized Map<String, Map<String, Long>> scored(String runId) {
        Map<String, Score> byPrediction = new HashMap<>();
        for (Score s : ofRun(scores, runId).values()) {
            byPrediction.putIfAbsent(s.getPredictionId(), s);
        }
        return byPrediction.values().stream().collect(Collectors.groupingBy(Score::getModelId, TreeMap::new,
                Collectors.groupingBy(s -> s.getBenchmark().name(), TreeMap::new, Collectors.counting())));
    }

    private Set<String> manifestModels(String runId) {
        RunManifest manifest = manifests.get(runId);
        return manifest == null ? Set.of()
                : manifest.getModels().stream().map(ModelInfo::getModelId).collect(Collectors.toSet());
    }

    /** The entries whose key starts with "run/": keys sort by run first. */
    private static <V> SortedMap<String, V> ofRun(TreeMap<String, V> byKey, String runId) {
        return byKey.subMap(runId + RecordKeys.SEPARATOR, runId + (char) (RecordKeys.SEPARATOR.charAt(0) + 1));
    }

    static String itemKey(String runId, String benchmark, String itemId) {
        return runId + RecordKeys.SEPARATOR + benchmark + RecordKeys.SEPARATOR + itemId;
    }

    /** Items of one benchmark (and category, unless null) of a run, and how many of them the producer knows are unscorable. */
    public record ItemCount(long total, long knownUnscorable) {
    }

    /** The run's items of a benchmark, of one category unless {@code category} is null (MMLU items carry theirs). */
    public synchronized ItemCount itemCount(String runId, Benchmark benchmark, String category) {
        long total = 0;
        long unscorable = 0;
        for (ItemText i : items.values()) {
            if (i.runId().equals(runId) && i.benchmark().equals(benchmark.name())
                    && (category == null || category.equals(i.category()))) {
                total++;
                if (i.unscorableReason() != null) {
                    unscorable++;
                }
            }
        }
        return new ItemCount(total, unscorable);
    }
}
