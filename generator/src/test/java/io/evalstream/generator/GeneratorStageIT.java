package io.evalstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluPayload;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.StageSettings;
import io.evalstream.stages.TopicSnapshot;
import io.evalstream.stages.TransactionalStage;
import io.evalstream.testing.KafkaBroker;
import io.evalstream.testing.PoisonRecords;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The generator stage on a real broker, fed every hostile item shape between good items: the good
 * ones become predictions, each bad one a dead letter of its kind, and an item the model cannot
 * answer a dead letter naming the (model, item) it stands for.
 */
@ExtendWith(KafkaBroker.class)
class GeneratorStageIT {

    @Test
    void noItemStopsTheGenerator(KafkaBroker broker) throws Exception {
        broker.createTopics(2, Topics.ITEMS, Topics.PREDICTIONS, Topics.DEAD_LETTERS);
        PoisonRecords.allowLargeRecords(broker.bootstrapServers(), Topics.ITEMS.name());
        String run = KafkaBroker.unique("generator-poison");
        EvalItem sample = EvalItem.newBuilder(item(run, "sample")).setQuestion(PoisonRecords.MARK)
                .setMmlu(MmluPayload.newBuilder().setSubject("astronomy").setChoices(List.of(PoisonRecords.MARK))
                        .setFewShot(List.of()).build()).build();
        List<PoisonRecords.Shape> shapes = PoisonRecords.shapes(Topics.ITEMS, sample, PoisonRecords.encodedString(PoisonRecords.MARK));
        Map<String, byte[]> sent = new LinkedHashMap<>();
        sent.put(run + "/MMLU/astronomy", Topics.ITEMS.encode(item(run, "first")));
        shapes.forEach(shape -> sent.put(run + "/MMLU/" + shape.name(), shape.value()));
        sent.put(run + "/MMLU/unanswerable", Topics.ITEMS.encode(item(run, "unanswerable")));
        PoisonRecords.send(broker.bootstrapServers(), Topics.ITEMS.name(), sent);
        PoisonRecords.send(broker.bootstrapServers(), Topics.ITEMS.name(), Map.of(run + "/MMLU/astronomy", Topics.ITEMS.encode(item(run, "last"))));

        Model oracle = new OracleModel("base");
        Model refusesOne = new Model() {
            @Override
            public List<String> modelIds() {
                return oracle.modelIds();
            }

            @Override
            public ModelIdentity identity(String modelId) {
                return oracle.identity(modelId);
            }

            @Override
            public List<ModelAnswer> answer(List<Request> requests) {
                if (requests.stream().anyMatch(r -> r.item().getItemId().equals("unanswerable"))) {
                    throw new IllegalArgumentException("no answer for item unanswerable");
                }
                return oracle.answer(requests);
            }
        };
        TransactionalStage<EvalItem> stage = GeneratorStage.create(
                StageSettings.of(GeneratorStage.NAME, broker.bootstrapServers(), run, 0), run, refusesOne);
        Thread t = new Thread(stage);
        t.start();
        long deadline = System.currentTimeMillis() + 60_000;
        while ((stage.processed() < 3 || stage.deadLettered() < shapes.size() + 1) && stage.failure() == null
                && System.currentTimeMillis() < deadline) {
            Thread.sleep(100);
        }
        stage.close();
        t.join(30_000);
        assertNull(stage.failure());

        Set<String> predicted = TopicSnapshot.read(broker.bootstrapServers(), Topics.PREDICTIONS, Duration.ofSeconds(30)).stream()
                .filter(r -> r.key().startsWith(run + "/"))
                .map(r -> Topics.PREDICTIONS.decode(r.value()).getItemId())
                .collect(Collectors.toSet());
        assertEquals(Set.of("first", "last"), predicted);
        Map<String, DeadLetter> letters = TopicSnapshot.read(broker.bootstrapServers(), Topics.DEAD_LETTERS, Duration.ofSeconds(30))
                .stream()
                .filter(r -> r.key() != null && r.key().startsWith(run + "/"))
                .map(r -> Topics.DEAD_LETTERS.decode(r.value()))
                .collect(Collectors.toMap(DeadLetter::getKey, l -> l));
        for (PoisonRecords.Shape shape : shapes) {
            DeadLetter letter = letters.get(run + "/MMLU/" + shape.name());
            assertNotNull(letter, "no dead letter for " + shape.name());
            assertEquals(shape.kind(), letter.getKind(), shape.name() + ": " + letter.getReason());
            assertNull(letter.getPredictionId());
        }
        DeadLetter refused = letters.get(run + "/MMLU/unanswerable");
        assertEquals(DeadLetterKind.UNANSWERABLE_ITEM, refused.getKind());
        assertEquals(RecordKeys.predictionId(run, "base", Benchmark.MMLU, "unanswerable"), refused.getPredictionId());
    }

    private static EvalItem item(String run, String id) {
        return EvalItem.newBuilder().setRunId(run).setBenchmark(Benchmark.MMLU).setItemId(id).setGroup("astronomy")
                .setCategory("STEM").setQuestion("Which star is closest?").setGold("B")
                .setMmlu(MmluPayload.newBuilder().setSubject("astronomy").setChoices(List.of("Vega", "Sun", "Sirius", "Polaris"))
                        .setFewShot(List.of()).build())
                .build();
    }
}
