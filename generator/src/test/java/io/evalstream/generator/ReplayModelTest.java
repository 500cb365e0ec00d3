package io.evalstream.generator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A replay model serves the answers it was given, exactly as given, by item id. */
class ReplayModelTest {

    private static EvalItem item(Benchmark benchmark, String id, int index) {
        return EvalItem.newBuilder().setRunId("r").setBenchmark(benchmark).setItemId(id).setIndex(index).setGroup("g")
                .setQuestion("q").setGold("x").build();
    }

    private static List<String> answers(ReplayModel model, EvalItem... items) {
        return model.answer(Arrays.stream(items).map(i -> new Model.Request("m", i)).toList())
                .stream().map(ModelAnswer::output).toList();
    }

    @Test
    void servesTheAnswersAsGiven() {
        ReplayModel model = new ReplayModel("m", Map.of("s0", "SELECT 1", "s1", "  SELECT\t'a'  ", "m0", "B"), "spider.sql,mmlu.txt", "ab12");
        assertEquals(List.of("  SELECT\t'a'  ", "SELECT 1", "B"),
                answers(model, item(Benchmark.SPIDER, "s1", 1), item(Benchmark.SPIDER, "s0", 0), item(Benchmark.MMLU, "m0", 0)));
        assertEquals(new ModelIdentity("replay", "spider.sql,mmlu.txt", "ab12", null), model.identity("m"));
        assertEquals(List.of("m"), model.modelIds());
    }

    @Test
    void anItemWithoutAnAnswerIsAnErrorNamingIt() {
        ReplayModel model = new ReplayModel("m", Map.of("s0", "SELECT 1"), "spider.sql", "ab12");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> answers(model, item(Benchmark.MMLU, "m0", 0)));
        assertTrue(e.getMessage().contains("no answer for item m0 (MMLU)") && e.getMessage().contains("spider.sql"), e.getMessage());
    }
}
