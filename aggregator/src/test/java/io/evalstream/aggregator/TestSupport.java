package io.evalstream.aggregator;

import static io.evalstream.aggregator.TestScores.mmlu;
import static io.evalstream.aggregator.TestScores.spider;
import static io.evalstream.aggregator.TestScores.unscorable;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.apache.avro.specific.SpecificRecordBase;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;

/** Scores of a small run, a producer for them, and the results of a clean pass through the topology. */
public final class TestSupport {

    /** 40 Spider items (2 unscorable: wta_1) and 30 MMLU items for base and two seeds of one adapter: 210 scores. */
    public static List<Score> runScores(String run) {
        List<Score> scores = new ArrayList<>();
        String[] models = {"base", "lora-r16@seed1", "lora-r16@seed2"};
        for (int i = 0; i < 40; i++) {
            for (int m = 0; m < models.length; m++) {
                String item = "spider-dev-" + i;
                scores.add(i >= 38 ? unscorable(run, models[m], item, "wta_1")
                        : spider(run, models[m], item, i % 3 == 0 ? "easy" : "hard", (i * (m + 2)) % 5 < 2 + m));
            }
        }
        for (int i = 0; i < 30; i++) {
            for (int m = 0; m < models.length; m++) {
                scores.add(mmlu(run, models[m], "mmlu-" + i, i < 15 ? "STEM" : "humanities", (i + m) % 4 != 0));
            }
        }
        return scores;
    }

    /** The results a clean pass over the scores gives, through the same topology. */
    public static RunResults cleanPassResults(String run, List<Score> scores, Path stateDir) {
        try (TopologyTestDriver driver = new TopologyTestDriver(AggregatorTopology.build(),
                AggregatorApp.config("unused:9092", "clean-pass", stateDir))) {
            TestInputTopic<String, Score> in = driver.createInputTopic(Topics.SCORES.name(), Topics.SCORES.keySerde().serializer(),
                    Topics.SCORES.valueSerde().serializer());
            TestScores.pipe(driver, TestScores.expecting(run, scores));
            in.pipeKeyValueList(scores.stream().map(s -> new KeyValue<>(s.getScoreId(), s)).toList());
            List<AccuracyStats> stats = new ArrayList<>(driver.createOutputTopic(Topics.AGGREGATES.name(),
                    Topics.AGGREGATES.keySerde().deserializer(), Topics.AGGREGATES.valueSerde().deserializer()).readKeyValuesToMap().values());
            List<Regression> regressions = new ArrayList<>(driver.createOutputTopic(Topics.REGRESSION.name(),
                    Topics.REGRESSION.keySerde().deserializer(), Topics.REGRESSION.valueSerde().deserializer()).readKeyValuesToMap().values());
            return new RunResults(run, stats, regressions);
        }
    }

    public static void produce(KafkaBroker broker, List<Score> scores) {
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            for (Score s : scores) {
                producer.send(new ProducerRecord<>(Topics.SCORES.name(), Topics.SCORES.key(s), Topics.SCORES.encode(s)));
            }
        }
    }

    public static void producePrediction(KafkaBroker broker, Prediction prediction) {
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), Topics.PREDICTIONS.key(prediction),
                    Topics.PREDICTIONS.encode(prediction)));
        }
    }

    /** Sends a record of any topic under its own key. */
    public static <V extends SpecificRecordBase> void produceTo(KafkaBroker broker,
            Topic<V> topic, V value) {
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(topic.name(), topic.key(value), topic.encode(value)));
        }
    }

    /** The run's manifest, expecting exactly the (model, item) pairs of the scores: the aggregator counts only those. */
    public static void produceManifest(KafkaBroker broker, String run, List<Score> scores) {
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(Topics.RUNS.name(), run, Topics.RUNS.encode(TestScores.expecting(run, scores))));
        }
    }

    public static void produceRaw(KafkaBroker broker, String key, byte[] value) {
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            producer.send(new ProducerRecord<>(Topics.SCORES.name(), key, value));
        }
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    private TestSupport() {
    }
}
