package io.evalstream.scorer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.spider.ExecutionAccuracy;
import io.evalstream.metrics.spider.ExecutionOptions;
import io.evalstream.metrics.spider.SpiderDatabases;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.StageSettings;
import io.evalstream.stages.TopicSnapshot;
import io.evalstream.stages.TransactionalStage;
import io.evalstream.testing.KafkaBroker;
import io.evalstream.testing.PoisonRecords;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The scorer stage on a real broker: each prediction is scored once with the metric's outcome
 * class, and records it cannot handle (not a Prediction at all; a benchmark it has no metric for)
 * go to the dead-letter topic with the reason while the stage goes on.
 */
@ExtendWith(KafkaBroker.class)
class ScorerStageIT {

    @Test
    void scoresOnceAndDeadLettersWhatItCannotScore(KafkaBroker broker) throws Exception {
        Path data = TestData.spiderDatabases();
        broker.createTopics(2, Topics.PREDICTIONS, Topics.SCORES, Topics.DEAD_LETTERS);
        String run = KafkaBroker.unique("scorer");

        List<Prediction> predictions = List.of(
                spider(run, "p-right", "SELECT count(*) FROM singer", "SELECT count(*) FROM singer"),
                spider(run, "p-wrong", "SELECT count(*) + 1 FROM singer", "SELECT count(*) FROM singer"),
                spider(run, "p-syntax", "SELEC count(*) FROM singer", "SELECT count(*) FROM singer"),
                spider(run, "p-write", "DROP TABLE singer", "SELECT count(*) FROM singer"),
                // issue 11: one hostile line is that item's outcome, never a dead letter or a dead scorer
                spider(run, "p-huge", "SELECT printf('%.*c', 9000000, 'x') FROM singer", "SELECT count(*) FROM singer"),
                // issue 8: the raw reply is scored; the score shows it and the SQL that ran
                spider(run, "p-raw", "Sure:\n```sql\nSELECT count(*)\nFROM singer;\n```", "SELECT count(*) FROM singer"),
                // a reply near the record size limit: the score repeats only the start of it, so it can still be written
                spider(run, "p-long", "SELECT count(*) FROM singer -- " + "x".repeat(600_000), "SELECT count(*) FROM singer"),
                mmlu(run, "q-right", "B", "B"),
                mmlu(run, "q-wrong", "C", "B"),
                Prediction.newBuilder(mmlu(run, "q-unknown", "A", "A")).setBenchmark(Benchmark.UNKNOWN).build());
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            for (Prediction pr : predictions) {
                producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), Topics.PREDICTIONS.key(pr), Topics.PREDICTIONS.encode(pr)));
            }
            producer.send(new ProducerRecord<>(Topics.PREDICTIONS.name(), run + "/garbage", new byte[] {1, 2, 3}));
        }

        ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults());
        try (ScorerStage scorer = new ScorerStage(new ScoringMetrics(metric), 2)) {
            TransactionalStage<Prediction> stage = ScorerStage.create(
                    StageSettings.of(ScorerStage.NAME, broker.bootstrapServers(), run, 0), run, scorer);
            Thread t = new Thread(stage);
            t.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while (stage.processed() < 10 && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            stage.close();
            t.join(30_000);
            assertEquals(null, stage.failure());
        }

        Map<String, Score> scores = TopicSnapshot.read(broker.bootstrapServers(), Topics.SCORES, Duration.ofSeconds(30)).stream()
                .filter(r -> r.key().startsWith(run + "/"))
                .map(r -> Topics.SCORES.decode(r.value()))
                .collect(Collectors.toMap(s -> s.getItemId(), s -> s));
        assertEquals(9, scores.size(), "nine scorable-by-some-metric predictions, each scored once: " + scores.keySet());
        assertEquals("correct", scores.get("p-long").getOutcome());
        assertTrue(scores.get("p-long").getOutput().endsWith("more chars]") && scores.get("p-long").getOutput().length() < 70_000);
        assertEquals("too_large", scores.get("p-huge").getOutcome(), scores.get("p-huge").getReason());
        assertTrue(scores.get("p-huge").getScorable());
        assertEquals("correct", scores.get("p-raw").getOutcome());
        assertEquals("Sure:\n```sql\nSELECT count(*)\nFROM singer;\n```", scores.get("p-raw").getOutput());
        assertEquals("SELECT count(*) FROM singer", scores.get("p-raw").getExecuted());
        assertEquals("correct", scores.get("p-right").getOutcome());
        assertEquals("wrong_result", scores.get("p-wrong").getOutcome());
        assertEquals("syntax_error", scores.get("p-syntax").getOutcome());
        assertEquals("refused", scores.get("p-write").getOutcome());
        assertEquals(1.0, scores.get("q-right").getScore());
        assertEquals(0.0, scores.get("q-wrong").getScore());
        assertEquals("easy", scores.get("p-right").getCategory(), "Spider's category is the gold's hardness");

        List<DeadLetter> letters = TopicSnapshot.read(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(30)).stream()
                .filter(r -> r.key() != null && r.key().startsWith(run + "/"))
                .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
                .toList();
        assertEquals(2, letters.size(), "the garbage record and the prediction of an unknown benchmark: " + letters);
        assertTrue(letters.stream().anyMatch(l -> l.getKind() == DeadLetterKind.MALFORMED_RECORD
                && l.getPredictionId() == null), letters.toString());
        assertTrue(letters.stream().anyMatch(l -> l.getKind() == DeadLetterKind.PROCESSING_ERROR
                && l.getReason().contains("no metric for benchmark UNKNOWN")
                && RecordKeys.predictionId(run, "m", Benchmark.MMLU, "q-unknown").equals(l.getPredictionId())), letters.toString());
        assertTrue(letters.stream().allMatch(l -> l.getStage().equals(ScorerStage.NAME) && l.getPayload() != null));
    }

    /** Each hostile shape of a prediction between two good ones: both good ones are scored, each bad one is a dead letter of its kind. */
    @Test
    void noPredictionStopsTheScorer(KafkaBroker broker, @TempDir Path noData) throws Exception {
        broker.createTopics(2, Topics.PREDICTIONS, Topics.SCORES, Topics.DEAD_LETTERS);
        PoisonRecords.allowLargeRecords(broker.bootstrapServers(), Topics.PREDICTIONS.name());
        String run = KafkaBroker.unique("scorer-poison");
        Prediction sample = Prediction.newBuilder(mmlu(run, "sample", PoisonRecords.MARK, "B"))
                .setChoiceLogprobs(List.of(Math.PI)).build();
        List<PoisonRecords.Shape> shapes = PoisonRecords.shapes(Topics.PREDICTIONS, sample, PoisonRecords.encodedDouble(Math.PI));
        Map<String, byte[]> sent = new LinkedHashMap<>();
        sent.put(run + "/m/MMLU/first", Topics.PREDICTIONS.encode(mmlu(run, "first", "B", "B")));
        shapes.forEach(shape -> sent.put(run + "/m/MMLU/" + shape.name(), shape.value()));
        sent.put(run + "/m/MMLU/last", Topics.PREDICTIONS.encode(mmlu(run, "last", "C", "B")));
        PoisonRecords.send(broker.bootstrapServers(), Topics.PREDICTIONS.name(), sent);

        ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(noData), ExecutionOptions.defaults());
        try (ScorerStage scorer = new ScorerStage(new ScoringMetrics(metric), 2)) {
            TransactionalStage<Prediction> stage = ScorerStage.create(
                    StageSettings.of(ScorerStage.NAME, broker.bootstrapServers(), run, 0), run, scorer);
            Thread t = new Thread(stage);
            t.start();
            long deadline = System.currentTimeMillis() + 60_000;
            while ((stage.processed() < 2 || stage.deadLettered() < shapes.size()) && stage.failure() == null
                    && System.currentTimeMillis() < deadline) {
                Thread.sleep(100);
            }
            stage.close();
            t.join(30_000);
            assertEquals(null, stage.failure());
        }
        Map<String, Score> scores = TopicSnapshot.read(broker.bootstrapServers(), Topics.SCORES, Duration.ofSeconds(30)).stream()
                .filter(r -> r.key().startsWith(run + "/"))
                .map(r -> Topics.SCORES.decode(r.value()))
                .collect(Collectors.toMap(s -> s.getItemId(), s -> s));
        assertEquals(Set.of("first", "last"), scores.keySet());
        Map<String, DeadLetter> letters = TopicSnapshot.read(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(30))
                .stream()
                .filter(r -> r.key() != null && r.key().startsWith(run + "/"))
                .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
                .collect(Collectors.toMap(DeadLetter::getKey, l -> l));
        for (PoisonRecords.Shape shape : shapes) {
            DeadLetter letter = letters.get(run + "/m/MMLU/" + shape.name());
            assertTrue(letter != null, "no dead letter for " + shape.name());
            assertEquals(shape.kind(), letter.getKind(), shape.name() + ": " + letter.getReason());
            assertEquals(ScorerStage.NAME, letter.getStage());
        }
    }

    private static Prediction spider(String run, String item, String predicted, String gold) {
        return base(run, item, Benchmark.SPIDER, predicted, gold).setDbId("concert_singer").setGroup("concert_singer").build();
    }

    private static Prediction mmlu(String run, String item, String letter, String gold) {
        return base(run, item, Benchmark.MMLU, letter, gold).setGroup("astronomy").setCategory("STEM").build();
    }

    private static Prediction.Builder base(String run, String item, Benchmark benchmark, String output, String gold) {
        return Prediction.newBuilder()
                .setPredictionId(RecordKeys.predictionId(run, "m", benchmark, item))
                .setRunId(run).setModelId("m").setBenchmark(benchmark).setItemId(item)
                .setGroup("g").setGold(gold).setOutput(output);
    }
}
