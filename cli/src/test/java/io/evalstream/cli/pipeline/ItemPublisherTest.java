package io.evalstream.cli.pipeline;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.RunManifest;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ItemPublisherTest {

    private static RunManifest manifest(String itemsSha, Map<String, Integer> expected, String... models) {
        return RunManifest.newBuilder()
                .setRunId("r1").setConfigSha256("c0ffee").setItemsSha256(itemsSha).setSeed(1)
                .setExpectedItems(expected)
                .setModels(Arrays.stream(models).map(m -> ModelInfo.newBuilder().setModelId(m).setKind("oracle").build()).toList())
                .build();
    }

    @Test
    void theSameItemsAndModelsResumeTheRun() {
        RunManifest a = manifest("aa", Map.of("SPIDER", 10), "base", "lora");
        assertDoesNotThrow(() -> ItemPublisher.requireSameRun(a, manifest("aa", Map.of("SPIDER", 10), "lora", "base")));
    }

    @Test
    void otherItemsOrModelsUnderTheSameRunIdAreRefused() {
        RunManifest a = manifest("aa", Map.of("SPIDER", 10), "base");
        String items = assertThrows(IllegalStateException.class,
                () -> ItemPublisher.requireSameRun(a, manifest("bb", Map.of("SPIDER", 10), "base"))).getMessage();
        assertTrue(items.contains("new run_id") && items.contains("items"), items);
        String count = assertThrows(IllegalStateException.class,
                () -> ItemPublisher.requireSameRun(a, manifest("aa", Map.of("SPIDER", 20), "base"))).getMessage();
        assertTrue(count.contains("SPIDER=10"), count);
        String models = assertThrows(IllegalStateException.class,
                () -> ItemPublisher.requireSameRun(a, manifest("aa", Map.of("SPIDER", 10), "base", "lora"))).getMessage();
        assertTrue(models.contains("models [base]"), models);
        assertTrue(List.of(items, count, models).stream().allMatch(m -> m.contains("c0ffee")), "names the earlier config");
    }
}
