package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The expected (model, item) pairs of every run, from the runs topic, in a global store every
 * task reads. The manifest is the authority on what a run is: a score for a pair it does not list
 * (a forged or stray record keyed with the run id) is never counted.
 *
 * <p>Layout: the run id itself maps to {@link #PAIRS} or, for a manifest written before item ids
 * were listed, {@link #COUNTS_ONLY}; each expected pair maps from its prediction id
 * (run/model/BENCHMARK/item) to an empty string.
 */
final class RunManifests {
    static final String STORE = "run-manifests";
    static final String PAIRS = "pairs";
    static final String COUNTS_ONLY = "counts-only";

    /** Whether a score is one its run expects. */
    enum Admission { EXPECTED, FOREIGN, NO_MANIFEST_YET }

    static Admission admit(KeyValueStore<String, String> store, Score score) {
        String mode = store.get(score.getRunId());
        if (mode == null) {
            return Admission.NO_MANIFEST_YET;
        }
        if (COUNTS_ONLY.equals(mode)) {
            return Admission.EXPECTED;
        }
        String pair = RecordKeys.predictionId(score.getRunId(), score.getModelId(), score.getBenchmark(), score.getItemId());
        return store.get(pair) != null ? Admission.EXPECTED : Admission.FOREIGN;
    }

    /** Keeps the store in step with the runs topic; a record that is not a manifest changes nothing. */
    static final class Updater implements Processor<String, byte[], Void, Void> {
        private static final Logger LOG = LoggerFactory.getLogger(Updater.class);
        private KeyValueStore<String, String> store;

        @Override
        public void init(ProcessorContext<Void, Void> context) {
            store = context.getStateStore(STORE);
        }

        @Override
        public void process(Record<String, byte[]> record) {
            Optional<RunManifest> decoded = Topics.RUNS.tryDecode(record.value());
            if (decoded.isEmpty() || record.key() == null || !record.key().equals(decoded.get().getRunId())) {
                // a tombstone or a hostile record must not unmake a run: the last real manifest stands
                LOG.warn("ignoring a record on {} keyed {} that is not the manifest of that run", Topics.RUNS.name(), record.key());
                return;
            }
            RunManifest manifest = decoded.get();
            String run = manifest.getRunId();
            try (KeyValueIterator<String, String> old = store.prefixScan(run + RecordKeys.SEPARATOR, new StringSerializer())) {
                while (old.hasNext()) {
                    KeyValue<String, String> kv = old.next();
                    store.delete(kv.key);
                }
            }
            Map<String, List<String>> itemIds = manifest.getItemIds();
            if (itemIds.isEmpty()) {
                store.put(run, COUNTS_ONLY);
                return;
            }
            for (ModelInfo model : manifest.getModels()) {
                for (Map.Entry<String, List<String>> benchmark : itemIds.entrySet()) {
                    Benchmark b = benchmarkNamed(benchmark.getKey());
                    for (String item : b == null ? List.<String>of() : benchmark.getValue()) {
                        store.put(RecordKeys.predictionId(run, model.getModelId(), b, item), "");
                    }
                }
            }
            store.put(run, PAIRS);
        }
    }

    private static Benchmark benchmarkNamed(String name) {
        for (Benchmark b : Benchmark.values()) {
            if (b.name().equals(name)) {
                return b;
            }
        }
        return null;
    }

    private RunManifests() {
    }
}
