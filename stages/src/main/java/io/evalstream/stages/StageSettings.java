package io.evalstream.stages;

import java.time.Duration;

/**
 * How a consume-transform-produce stage connects.
 *
 * @param stage           stage name, used in dead letters and logs (generator, scorer)
 * @param bootstrapServers Kafka bootstrap servers
 * @param groupId         the consumer group; one per (stage, run) so a run resumes where it stopped
 * @param transactionalId stable per stage instance, so a restarted instance fences its crashed
 *                        predecessor and aborts its open transaction at once
 * @param maxPollRecords  records per poll, hence per transaction
 * @param pollTimeout     how long one poll waits
 */
public record StageSettings(String stage, String bootstrapServers, String groupId,
                            String transactionalId, int maxPollRecords, Duration pollTimeout) {

    public static StageSettings of(String stage, String bootstrapServers, String runId, int instance) {
        String group = "evalstream-" + stage + "-" + runId;
        return new StageSettings(stage, bootstrapServers, group, group + "-" + instance, 64,
                Duration.ofMillis(200));
    }

    /**
     * A separate consumer group (and transactional id) for one variant of a stage, e.g. the scorer
     * of one metric version: a new variant reads its input topic from the start.
     */
    public StageSettings withGroupSuffix(String suffix) {
        String clean = suffix.replaceAll("[^A-Za-z0-9._-]", "_");
        String group = groupId + "-" + clean;
        String instance = transactionalId.substring(transactionalId.lastIndexOf('-'));
        return new StageSettings(stage, bootstrapServers, group, group + instance, maxPollRecords, pollTimeout);
    }

    public StageSettings withMaxPollRecords(int records) {
        return new StageSettings(stage, bootstrapServers, groupId, transactionalId, records, pollTimeout);
    }
}
