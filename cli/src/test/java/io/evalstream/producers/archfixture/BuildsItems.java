package io.evalstream.producers.archfixture;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;

/** Keeps producers' row: JSON in, schemas' records out. */
public final class BuildsItems {
    public static EvalItem item(String json) throws Exception {
        String question = new ObjectMapper().readTree(json).path("question").asText();
        return EvalItem.newBuilder().setRunId("r").setBenchmark(Benchmark.SPIDER).setItemId("i").setGroup("g")
                .setQuestion(question).setGold("SELECT 1").build();
    }

    private BuildsItems() {
    }
}
