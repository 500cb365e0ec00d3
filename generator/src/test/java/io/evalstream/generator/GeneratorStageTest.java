package io.evalstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.generator.engine.Fixtures;
import io.evalstream.generator.llm.LlmModel;
import io.evalstream.generator.llm.LlmOptions;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.EvalItem;
import io.evalstream.schemas.MmluPayload;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.RecordingOutput;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/**
 * The generator stage on batches handed to it directly, without a broker: what it sends for a
 * batch the model answers in part, for items it must not ask the model about, and when the model
 * itself is broken. Real models: replay, and the tiny Llama fixture on DJL.
 */
class GeneratorStageTest {

    private static EvalItem spider(String itemId) {
        return EvalItem.newBuilder().setRunId("run").setBenchmark(Benchmark.SPIDER).setItemId(itemId).setGroup("concert_singer")
                .setQuestion("How many singers are there?").setGold("SELECT count(*) FROM singer").build();
    }

    private static EvalItem missingDatabase(String itemId) {
        return EvalItem.newBuilder(spider(itemId)).setGroup("wta_1")
                .setUnscorableReason("database 'wta_1' is missing from the data folder").build();
    }

    private static ReplayModel replay(Map<String, String> answers) {
        return new ReplayModel("replayed", answers, "predictions.txt", "f00d");
    }

    @Test
    void aBatchTheModelRefusesIsAnsweredOneRequestAtATimeAndOnlyTheUnanswerableItemIsDeadLettered() throws Exception {
        // the replay has no line for item b: answering the whole batch fails on it
        ReplayModel model = replay(Map.of("a", "SELECT 1", "c", "SELECT 3"));
        RecordingOutput out = new RecordingOutput();

        out.process(new GeneratorStage(model), RecordingOutput.batch(Topics.ITEMS, spider("a"), spider("b"), spider("c")));

        List<Prediction> predictions = out.values(Topics.PREDICTIONS);
        assertEquals(List.of("a", "c"), predictions.stream().map(Prediction::getItemId).toList());
        assertEquals(List.of("SELECT 1", "SELECT 3"), predictions.stream().map(Prediction::getOutput).toList());
        assertEquals("run/replayed/SPIDER/a", predictions.get(0).getPredictionId());
        assertEquals(1, out.deadLetters().size(), out.deadLetters().toString());
        RecordingOutput.Letter letter = out.deadLetters().get(0);
        assertEquals(DeadLetterKind.UNANSWERABLE_ITEM, letter.kind(), "an IllegalArgumentException names an item the model cannot answer");
        assertEquals("b", ((EvalItem) letter.input().value()).getItemId());
        assertTrue(letter.reason().contains("model replayed failed on item b") && letter.reason().contains("no answer for item b"),
                letter.reason());
    }

    @Test
    void anItemWhoseDatabaseIsMissingPassesThroughAsAnUnscorablePredictionWithoutAskingTheModel() throws Exception {
        // the replay has no answer for it: were it asked, the item would be dead-lettered
        ReplayModel model = replay(Map.of("a", "SELECT 1"));
        RecordingOutput out = new RecordingOutput();

        out.process(new GeneratorStage(model), RecordingOutput.batch(Topics.ITEMS, spider("a"), missingDatabase("gone")));

        assertEquals(List.of(), out.deadLetters());
        Map<String, Prediction> byItem = out.values(Topics.PREDICTIONS).stream()
                .collect(Collectors.toMap(Prediction::getItemId, p -> p));
        assertEquals(2, byItem.size());
        Prediction gone = byItem.get("gone");
        assertEquals("", gone.getOutput());
        assertEquals("database 'wta_1' is missing from the data folder", gone.getUnscorableReason());
        assertEquals("SELECT 1", byItem.get("a").getOutput());
        assertEquals(null, byItem.get("a").getUnscorableReason());
    }

    @Test
    void everyRequestFailingOnABrokenModelAbortsTheBatchAndLeavesNothingBehind() throws Exception {
        // a real engine, closed: every request fails, and not because of its item
        LlmModel model = LlmModel.load(Fixtures.base("llama3"), "base", Map.of(), LlmOptions.defaults());
        model.close();
        EvalItem mmlu = EvalItem.newBuilder().setRunId("run").setBenchmark(Benchmark.MMLU).setItemId("q1").setGroup("astronomy")
                .setCategory("STEM").setQuestion("Which planet is known as the red planet?").setGold("C")
                .setMmlu(new MmluPayload("astronomy", List.of("Venus", "Earth", "Mars", "Jupiter"), List.of())).build();
        RecordingOutput out = new RecordingOutput();

        IllegalStateException e = assertThrows(IllegalStateException.class, () -> out.process(new GeneratorStage(model),
                RecordingOutput.batch(Topics.ITEMS, mmlu, EvalItem.newBuilder(mmlu).setItemId("q2").build(), missingDatabase("gone"))));

        assertTrue(e.getMessage().startsWith("every request of the batch failed"), e.getMessage());
        assertFalse(e.getCause() instanceof IllegalArgumentException, "the closed engine's own error: " + e.getCause());
        assertEquals(List.of(), out.sent(), "the aborted batch's pass-through prediction is not kept: the batch is read again");
        assertEquals(List.of(), out.deadLetters(), "the items are tried again, not written off");
    }
}
