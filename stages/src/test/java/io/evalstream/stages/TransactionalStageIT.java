package io.evalstream.stages;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluPayload;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Topic;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.KafkaBroker;
import io.evalstream.testing.PoisonRecords;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The loop on a real broker, with topics of its own: what the processor sends arrives typed and
 * keyed as its topic says, a record that does not decode and a record the processor refuses are
 * dead letters of their kinds, and another run's records are skipped.
 */
@ExtendWith(KafkaBroker.class)
class TransactionalStageIT {

    @Test
    void sendsTypedResultsAndDeadLettersEachFailureWithItsKind(KafkaBroker broker) throws Exception {
        String run = KafkaBroker.unique("stage");
        Topic<EvalItem> items = new Topic<>(KafkaBroker.unique("items"), EvalItem.class, "run/BENCHMARK/group", RecordKeys::itemKey);
        Topic<Prediction> predictions = new Topic<>(KafkaBroker.unique("predictions"), Prediction.class,
                "run/model/BENCHMARK/item", Prediction::getPredictionId);
        broker.createTopics(2, items, predictions);
        broker.createTopics(1, Topics.DEAD_LETTERS);

        byte[] garbage = {1, 2, 3};
        try (KafkaProducer<String, byte[]> producer = producer(broker)) {
            for (EvalItem item : List.of(item(run, "q1"), item(run, "q2"), item(run, "refused"), item("another-run", "q3"))) {
                producer.send(new ProducerRecord<>(items.name(), items.key(item), items.encode(item)));
            }
            producer.send(new ProducerRecord<>(items.name(), run + "/garbage", garbage));
        }

        RecordProcessor<EvalItem> echo = (batch, output) -> {
            for (RecordProcessor.Input<EvalItem> input : batch) {
                EvalItem item = input.value();
                if (item.getItemId().equals("refused")) {
                    output.deadLetter(input, DeadLetterKind.PROCESSING_ERROR, "item " + item.getItemId() + " refused by the test");
                } else {
                    output.send(predictions, prediction(item));
                }
            }
        };
        TransactionalStage<EvalItem> stage = new TransactionalStage<>(StageSettings.of("echo", broker.bootstrapServers(), run, 0),
                items, item -> run.equals(item.getRunId()), echo);
        Thread thread = new Thread(stage, "echo-stage");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while ((stage.processed() < 3 || stage.deadLettered() < 2) && stage.failure() == null && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        stage.close();
        thread.join(30_000);
        assertNull(stage.failure());
        assertEquals(3, stage.processed(), "three items of the run reach the processor; the other run's is skipped");

        Map<String, Prediction> sent = TopicSnapshot.read(broker.bootstrapServers(), predictions, Duration.ofSeconds(30)).stream()
                .collect(Collectors.toMap(r -> r.key(), r -> predictions.decode(r.value())));
        assertEquals(Map.of(RecordKeys.predictionId(run, "echo", Benchmark.MMLU, "q1"), "q1",
                        RecordKeys.predictionId(run, "echo", Benchmark.MMLU, "q2"), "q2"),
                sent.entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().getItemId())));

        Map<DeadLetterKind, DeadLetter> letters = TopicSnapshot.read(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(30))
                .stream()
                .filter(r -> r.key() != null && r.key().startsWith(run + "/"))
                .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
                .collect(Collectors.toMap(DeadLetter::getKind, Function.identity()));
        assertEquals(2, letters.size(), letters.toString());
        DeadLetter malformed = letters.get(DeadLetterKind.MALFORMED_RECORD);
        assertEquals(run + "/garbage", malformed.getKey());
        assertEquals(items.name(), malformed.getSourceTopic());
        assertEquals("echo", malformed.getStage());
        assertArrayEquals(garbage, bytes(malformed.getPayload()));
        DeadLetter refused = letters.get(DeadLetterKind.PROCESSING_ERROR);
        assertEquals("item refused refused by the test", refused.getReason());
        assertEquals(items.key(item(run, "refused")), refused.getKey());
    }

    /**
     * Each hostile shape on the input topic, and an item the processor throws on every time, each
     * between two good items: every bad one is a dead letter of its kind (the large one keeps only
     * the start of its payload), both good ones come out, and the stage is still running.
     */
    @Test
    void noRecordStopsTheStage(KafkaBroker broker) throws Exception {
        String run = KafkaBroker.unique("poison");
        Topic<EvalItem> items = new Topic<>(KafkaBroker.unique("items"), EvalItem.class, "run/BENCHMARK/group", RecordKeys::itemKey);
        Topic<Prediction> predictions = new Topic<>(KafkaBroker.unique("predictions"), Prediction.class,
                "run/model/BENCHMARK/item", Prediction::getPredictionId);
        broker.createTopics(1, items, predictions);
        broker.createTopics(1, Topics.DEAD_LETTERS);
        PoisonRecords.allowLargeRecords(broker.bootstrapServers(), items.name());

        EvalItem sample = EvalItem.newBuilder(item(run, "sample")).setQuestion(PoisonRecords.MARK)
                .setMmlu(MmluPayload.newBuilder().setSubject("astronomy").setChoices(List.of(PoisonRecords.MARK))
                        .setFewShot(List.of()).build()).build();
        List<PoisonRecords.Shape> shapes = PoisonRecords.shapes(items, sample, PoisonRecords.encodedString(PoisonRecords.MARK));
        Map<String, byte[]> sent = new LinkedHashMap<>();
        sent.put(run + "/MMLU/first", items.encode(item(run, "first")));
        for (PoisonRecords.Shape shape : shapes) {
            sent.put(run + "/" + shape.name(), shape.value());
        }
        sent.put(run + "/MMLU/throws", items.encode(item(run, "throws")));
        sent.put(run + "/MMLU/last", items.encode(item(run, "last")));
        PoisonRecords.send(broker.bootstrapServers(), items.name(), sent);

        RecordProcessor<EvalItem> echo = (batch, output) -> {
            for (RecordProcessor.Input<EvalItem> input : batch) {
                if (input.value().getItemId().equals("throws")) {
                    throw new IllegalStateException("the processor cannot take item throws");
                }
                output.send(predictions, prediction(input.value()));
            }
        };
        TransactionalStage<EvalItem> stage = new TransactionalStage<>(StageSettings.of("echo", broker.bootstrapServers(), run, 0),
                items, item -> run.equals(item.getRunId()), echo);
        Thread thread = new Thread(stage, "poison-stage");
        thread.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        while ((stage.processed() < 2 || stage.deadLettered() < shapes.size() + 1) && stage.failure() == null
                && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        boolean alive = thread.isAlive();
        stage.close();
        thread.join(30_000);
        assertNull(stage.failure(), () -> "the stage stopped: " + stage.failure());
        assertTrue(alive, "still running after every shape");

        Set<String> out = TopicSnapshot.read(broker.bootstrapServers(), predictions, Duration.ofSeconds(30)).stream()
                .map(r -> predictions.decode(r.value()).getItemId()).collect(Collectors.toSet());
        assertEquals(Set.of("first", "last"), out);

        Map<String, DeadLetter> letters = TopicSnapshot.read(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(30))
                .stream()
                .filter(r -> r.key() != null && r.key().startsWith(run + "/"))
                .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
                .collect(Collectors.toMap(DeadLetter::getKey, Function.identity()));
        for (PoisonRecords.Shape shape : shapes) {
            DeadLetter letter = letters.get(run + "/" + shape.name());
            assertNotNull(letter, "no dead letter for " + shape.name() + " in " + letters.keySet());
            assertEquals(shape.kind(), letter.getKind(), shape.name() + ": " + letter.getReason());
            assertNull(letter.getPredictionId(), "an undecoded record stands for no result");
        }
        DeadLetter large = letters.get(run + "/too-large");
        assertEquals(BufferedOutput.MAX_PAYLOAD_BYTES, large.getPayload().remaining());
        assertTrue(large.getReason().contains("payload: the first"), large.getReason());
        DeadLetter thrown = letters.get(run + "/MMLU/throws");
        assertEquals(DeadLetterKind.PROCESSING_ERROR, thrown.getKind());
        assertTrue(thrown.getReason().contains("cannot take item throws"), thrown.getReason());
    }

    private static EvalItem item(String run, String id) {
        return EvalItem.newBuilder().setRunId(run).setBenchmark(Benchmark.MMLU).setItemId(id).setGroup("astronomy")
                .setQuestion("?").setGold("B").build();
    }

    private static Prediction prediction(EvalItem item) {
        return Prediction.newBuilder()
                .setPredictionId(RecordKeys.predictionId(item.getRunId(), "echo", item.getBenchmark(), item.getItemId()))
                .setRunId(item.getRunId()).setModelId("echo").setBenchmark(item.getBenchmark()).setItemId(item.getItemId())
                .setGroup(item.getGroup()).setGold(item.getGold()).setOutput(item.getGold()).build();
    }

    private static byte[] bytes(ByteBuffer buffer) {
        byte[] out = new byte[buffer.remaining()];
        buffer.duplicate().get(out);
        return out;
    }

    private static KafkaProducer<String, byte[]> producer(KafkaBroker broker) {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, broker.bootstrapServers());
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }
}
