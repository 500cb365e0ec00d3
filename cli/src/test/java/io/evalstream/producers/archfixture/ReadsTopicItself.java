package io.evalstream.producers.archfixture;

import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import java.time.Duration;

/** Breaks producers' row on purpose: it reads a topic through stages/, which producers may not use. */
public final class ReadsTopicItself {
    public static int manifests(String bootstrapServers) {
        return TopicSnapshot.read(bootstrapServers, Topics.RUNS, Duration.ofSeconds(1)).size();
    }

    private ReadsTopicItself() {
    }
}
