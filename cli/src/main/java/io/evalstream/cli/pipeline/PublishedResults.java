package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.RunResults;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import java.time.Duration;
import java.util.List;

/** Reads the results a run has published so far from the aggregates and regression topics. */
public final class PublishedResults {

    /**
     * Reads both topics from the beginning to their end offsets as of now, read_committed (so the
     * end is the last stable offset and aborted counts never show), keeping the latest value of
     * each of the run's keys.
     */
    public static RunResults read(String bootstrapServers, String runId, Duration timeout) {
        String prefix = RunResults.keyPrefix(runId);
        return new RunResults(runId,
                List.copyOf(TopicSnapshot.latest(bootstrapServers, Topics.AGGREGATES, prefix, timeout).values()),
                List.copyOf(TopicSnapshot.latest(bootstrapServers, Topics.REGRESSION, prefix, timeout).values()));
    }

    private PublishedResults() {
    }
}
