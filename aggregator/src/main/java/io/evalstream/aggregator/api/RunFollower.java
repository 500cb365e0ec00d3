package io.evalstream.aggregator.api;

import io.evalstream.aggregator.run.ProgressRate;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Topics;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Follows the run manifests, items, predictions, scores and dead letters of every run for the live
 * view: each {@link #refresh} takes what the {@link RecordFeed} read since the last one into a
 * {@link RunRecords} join, and times each model's generated and scored predictions by their record
 * timestamps, for items per second and time left.
 */
final class RunFollower {
    static final String GENERATE = "generate";
    static final String SCORE = "score";
    private static final long MIN_REFRESH_MS = 500;

    private final RecordFeed feed;
    private final RunRecords records = new RunRecords(null);
    private final Map<String, ProgressRate> rates = new HashMap<>();
    private final Map<String, Set<String>> seen = new HashMap<>();
    private long lastRefresh;

    RunFollower(RecordFeed feed) {
        this.feed = feed;
    }

    /** Reads what is new, at most every half second however often the page polls. */
    synchronized RunRecords refresh() {
        long now = System.currentTimeMillis();
        if (now - lastRefresh < MIN_REFRESH_MS) {
            return records;
        }
        lastRefresh = now;
        feed.readNew((topic, key, value, timestamp) -> {
            records.accept(topic, key, value);
            time(topic, key, value, timestamp);
        });
        return records;
    }

    /** The pace of one model's predictions (stage "generate") or scores ("score") in a run. */
    synchronized ProgressRate rate(String runId, String stage, String modelId) {
        return rates.computeIfAbsent(runId + "|" + stage + "|" + modelId, k -> new ProgressRate());
    }

    /** Counts each model's distinct predictions and scored predictions at the time their records were written. */
    private void time(String topic, String key, byte[] value, long timestamp) {
        if (key == null || value == null) {
            return;
        }
        String stage = topic.equals(Topics.PREDICTIONS.name()) ? GENERATE : topic.equals(Topics.SCORES.name()) ? SCORE : null;
        if (stage == null) {
            return;
        }
        // run/model/BENCHMARK/item, then #metric@version on scores: a score counts its prediction once
        String predictionId = key.contains("#") ? key.substring(0, key.indexOf('#')) : key;
        String[] parts = predictionId.split(RecordKeys.SEPARATOR, 4);
        if (parts.length < 4) {
            return;
        }
        Set<String> done = seen.computeIfAbsent(parts[0] + "|" + stage + "|" + parts[1], k -> new HashSet<>());
        if (done.add(predictionId)) {
            rate(parts[0], stage, parts[1]).observe(timestamp, done.size());
        }
    }
}
