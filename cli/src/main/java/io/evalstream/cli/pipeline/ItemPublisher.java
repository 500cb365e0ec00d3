package io.evalstream.cli.pipeline;

import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicSnapshot;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.Properties;
import java.util.function.LongConsumer;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * Sends a run's items and its manifest in one Kafka transaction. The manifest is the marker that
 * the items are out: a run whose manifest exists is not produced again, and a run interrupted
 * while producing left nothing visible (the transaction aborted), so producing is all or nothing.
 */
public final class ItemPublisher {
    private final String bootstrapServers;

    public ItemPublisher(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * A run id names one set of items and models. Resuming it with the same ones is the point;
     * re-using it with others would mix two experiments (or wait forever for items never sent).
     * Scoring options may change: that is re-scoring.
     */
    static void requireSameRun(RunManifest existing, RunManifest wanted) {
        List<String> before = existing.getModels().stream().map(m -> m.getModelId()).sorted().toList();
        List<String> now = wanted.getModels().stream().map(m -> m.getModelId()).sorted().toList();
        boolean sameItems = existing.getItemsSha256() == null || existing.getItemsSha256().equals(wanted.getItemsSha256());
        if (!sameItems || !before.equals(now) || !existing.getExpectedItems().equals(wanted.getExpectedItems())) {
            throw new IllegalStateException("run " + wanted.getRunId() + " already exists with other "
                    + (!sameItems || !existing.getExpectedItems().equals(wanted.getExpectedItems()) ? "items " + existing.getExpectedItems() : "")
                    + (!before.equals(now) ? " models " + before : "")
                    + " (config sha256 " + existing.getConfigSha256() + "); give this experiment a new run_id");
        }
    }

    /** The manifest of a run already produced, if any. */
    public Optional<RunManifest> existingManifest(String runId) {
        RunManifest found = null;
        for (ConsumerRecord<String, byte[]> r : TopicSnapshot.read(bootstrapServers, Topics.RUNS, Duration.ofSeconds(60))) {
            if (runId.equals(r.key())) {
                // a tombstone or a record that is not a manifest (a hostile write) does not unmake the run
                found = Topics.RUNS.tryDecode(r.value()).filter(m -> runId.equals(m.getRunId())).orElse(found);
            }
        }
        return Optional.ofNullable(found);
    }

    /**
     * Publishes items and manifest unless the run was already produced.
     *
     * @param progress called with the number of items sent so far
     * @return true when published now, false when the run's items were already out
     */
    public boolean publish(RunManifest manifest, List<EvalItem> items, LongConsumer progress) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        p.put(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "evalstream-producer-" + manifest.getRunId());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            // first: completes or aborts a transaction a killed earlier attempt left open, so the
            // manifest check below sees the truth
            producer.initTransactions();
            Optional<RunManifest> existing = existingManifest(manifest.getRunId());
            if (existing.isPresent()) {
                requireSameRun(existing.get(), manifest);
                progress.accept(items.size());
                return false;
            }
            producer.beginTransaction();
            long sent = 0;
            for (EvalItem item : items) {
                if (!manifest.getRunId().equals(item.getRunId())) {
                    throw new IllegalArgumentException("item " + item.getItemId() + " belongs to run " + item.getRunId()
                            + ", not " + manifest.getRunId());
                }
                producer.send(record(Topics.ITEMS, item));
                progress.accept(++sent);
            }
            producer.send(record(Topics.RUNS, manifest));
            producer.commitTransaction();
        }
        return true;
    }

    private static <V extends SpecificRecordBase> ProducerRecord<String, byte[]> record(Topic<V> topic, V value) {
        return new ProducerRecord<>(topic.name(), topic.key(value), topic.encode(value));
    }
}
