package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Items as built here must encode with the Avro schema (no null in a non-null field) and decode unchanged. */
class EvalItemEncodingTest {
    @Test
    void spiderAndMmluItemsRoundTripThroughAvro() throws IOException {
        List<EvalItem> items = new ArrayList<>(
                SpiderDataset.read(TestData.spider(), "run-1", new SpiderOptions("dev", 0, List.of(0))).subList(1000, 1034));
        items.addAll(MmluSuite.build(TestData.mmlu(), "run-1", MmluSuiteOptions.defaults(7)));

        for (EvalItem item : items) {
            assertEquals(item, EvalItem.fromByteBuffer(item.toByteBuffer()), item.getItemId());
        }
    }
}
