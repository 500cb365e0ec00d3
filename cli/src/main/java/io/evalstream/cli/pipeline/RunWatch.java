package io.evalstream.cli.pipeline;

import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicTail;
import java.time.Duration;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/**
 * Follows a run's predictions, scores and dead letters on the topics and feeds what it reads to
 * the run's {@link RunCompletion}: each refresh reads only what was committed since the last.
 */
final class RunWatch implements AutoCloseable {
    private static final Duration READ_TIMEOUT = Duration.ofSeconds(60);

    private final RunCompletion completion;
    private final TopicTail predictions;
    private final TopicTail scores;
    private final TopicTail deadLetters;

    RunWatch(String bootstrap, RunCompletion completion) {
        this.completion = completion;
        this.predictions = new TopicTail(bootstrap, Topics.PREDICTIONS);
        this.scores = new TopicTail(bootstrap, Topics.SCORES);
        this.deadLetters = new TopicTail(bootstrap, Topics.DEAD_LETTERS);
    }

    RunCompletion refresh() {
        String prefix = completion.runId() + "/";
        for (ConsumerRecord<String, byte[]> r : predictions.next(READ_TIMEOUT)) {
            completion.prediction(r.key());
        }
        for (ConsumerRecord<String, byte[]> r : scores.next(READ_TIMEOUT)) {
            if (r.key() != null && r.key().startsWith(prefix)) {
                completion.score(r.key(), Topics.SCORES.tryDecode(r.value()));
            }
        }
        for (ConsumerRecord<String, byte[]> r : deadLetters.next(READ_TIMEOUT)) {
            completion.deadLetter(r.key(), Topics.DEAD_LETTERS.tryDecode(r.value()));
        }
        return completion;
    }

    @Override
    public void close() {
        predictions.close();
        scores.close();
        deadLetters.close();
    }
}
