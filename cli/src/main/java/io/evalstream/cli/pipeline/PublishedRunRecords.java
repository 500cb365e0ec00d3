package io.evalstream.cli.pipeline;

import io.evalstream.aggregator.api.RecordFeed;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.Topic;
import io.evalstream.stages.TopicFeed;
import io.evalstream.stages.TopicSnapshot;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** Reads what the aggregator's room may not read itself: a run's records for the report, and the live view's feed. */
public final class PublishedRunRecords {

    private PublishedRunRecords() {
    }

    /** The run's records as committed now, from the beginning of each topic. */
    public static RunRecords read(String bootstrapServers, String runId, Duration timeout) {
        RunRecords records = new RunRecords(runId);
        for (Topic<?> topic : RunRecords.TOPICS) {
            for (ConsumerRecord<String, byte[]> r : TopicSnapshot.read(bootstrapServers, topic, timeout)) {
                records.accept(topic.name(), r.key(), r.value());
            }
        }
        return records;
    }

    /** The run topics followed for the live view; close the returned feed's reader with {@link Live#close()}. */
    public static Live follow(String bootstrapServers) {
        return new Live(new TopicFeed(bootstrapServers, RunRecords.TOPICS));
    }

    /** A feed of the run topics and the consumer behind it. */
    public record Live(TopicFeed topics) implements RecordFeed, AutoCloseable {
        @Override
        public void readNew(Sink sink) {
            topics.readNew(sink::accept);
        }

        @Override
        public void close() {
            topics.close();
        }
    }
}
