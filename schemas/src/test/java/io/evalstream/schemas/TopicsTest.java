package io.evalstream.schemas;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TopicsTest {

    @Test
    void everyTopicIsDefinedOnceUnderItsOwnName() {
        Set<String> names = new HashSet<>();
        for (Topic<?> topic : Topics.all()) {
            assertTrue(names.add(topic.name()), "two topics named " + topic.name());
            assertTrue(topic.name().startsWith("evalstream."), topic.name());
        }
        assertEquals(7, names.size());
        assertTrue(Topics.all().containsAll(Topics.PARTITIONED) && Topics.all().containsAll(Topics.COMPACTED));
    }

    @Test
    void aTopicKeysAndEncodesItsOwnValueType() {
        EvalItem item = AvroSerdeTest.mmluItem();
        assertEquals("run-1/MMLU/astronomy", Topics.ITEMS.key(item));
        assertEquals(item, Topics.ITEMS.decode(Topics.ITEMS.encode(item)));

        Prediction prediction = Prediction.newBuilder()
                .setPredictionId(RecordKeys.predictionId("run-1", "base", Benchmark.MMLU, item.getItemId()))
                .setRunId("run-1").setModelId("base").setBenchmark(Benchmark.MMLU).setItemId(item.getItemId())
                .setGroup("astronomy").setGold("B").setOutput("B").build();
        assertEquals("run-1/base/MMLU/mmlu-astronomy-test-0003", Topics.PREDICTIONS.key(prediction));
        assertEquals(prediction, Topics.PREDICTIONS.decode(Topics.PREDICTIONS.encode(prediction)));
        assertEquals(List.of("run", "run/BENCHMARK/group"), List.of(Topics.RUNS.keyFormat(), Topics.ITEMS.keyFormat()));
    }
}
