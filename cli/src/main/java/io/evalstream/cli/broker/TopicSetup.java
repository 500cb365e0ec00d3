package io.evalstream.cli.broker;

import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;

/** Creates the pipeline's topics when absent, with the partition count the config asks for. */
public final class TopicSetup {
    private static final Duration TIMEOUT = Duration.ofSeconds(60);

    public static void ensureTopics(String bootstrapServers, int partitions, short replication) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, (int) TIMEOUT.toMillis()))) {
            Set<String> existing = admin.listTopics().names().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
            List<NewTopic> missing = new ArrayList<>();
            for (Topic<?> topic : Topics.all()) {
                if (existing.contains(topic.name())) {
                    continue;
                }
                int p = Topics.PARTITIONED.contains(topic) ? partitions : 1;
                NewTopic newTopic = new NewTopic(topic.name(), p, replication);
                if (Topics.COMPACTED.contains(topic)) {
                    newTopic.configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
                } else {
                    // evaluation records are the record of an experiment: keep them
                    newTopic.configs(Map.of(TopicConfig.RETENTION_MS_CONFIG, "-1"));
                }
                missing.add(newTopic);
            }
            warnIfOtherPartitionCount(admin, existing, partitions);
            if (!missing.isEmpty()) {
                try {
                    admin.createTopics(missing).all().get(TIMEOUT.toSeconds(), TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        throw e;
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while creating topics", e);
        } catch (ExecutionException | TimeoutException e) {
            Throwable cause = e instanceof ExecutionException ? e.getCause() : e;
            throw new IllegalStateException("cannot create the pipeline's topics on " + bootstrapServers
                    + ": " + cause.getMessage(), cause);
        }
    }

    /**
     * An existing topic keeps its partition count: growing a topic under a running aggregator
     * would re-partition what Kafka Streams has already assigned, and shrinking is impossible.
     * A config asking for another count is told so, instead of silently ignored.
     */
    private static void warnIfOtherPartitionCount(Admin admin, Set<String> existing, int partitions)
            throws InterruptedException, ExecutionException, TimeoutException {
        List<String> partitioned = Topics.PARTITIONED.stream().map(Topic::name).filter(existing::contains).toList();
        if (partitioned.isEmpty()) {
            return;
        }
        for (TopicDescription d : admin.describeTopics(partitioned).allTopicNames()
                .get(TIMEOUT.toSeconds(), TimeUnit.SECONDS).values()) {
            if (d.partitions().size() != partitions) {
                System.err.println("note: topic " + d.name() + " exists with " + d.partitions().size() + " partitions; the config's "
                        + partitions + " applies only to new topics (use a new --home, or change it with kafka-topics.sh --alter)");
            }
        }
    }

    private TopicSetup() {
    }
}
