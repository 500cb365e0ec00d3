package io.evalstream.metrics.spider;

import io.evalstream.metrics.spider.hardness.SpiderHardness;
import java.util.ArrayList;
import java.util.List;

/** Scores a whole predictions list against the dev items, in order, in the caller's thread. */
public final class DevSetScorer {
    /** The hardness given to a gold query outside Spider's subset (none in dev.json). */
    public static final String UNKNOWN_HARDNESS = "unknown";

    private DevSetScorer() {
    }

    public static List<ItemVerdict> score(List<SpiderItem> items, List<String> predictions, ExecutionAccuracy metric) {
        if (items.size() != predictions.size()) {
            throw new IllegalArgumentException(predictions.size() + " predictions for " + items.size() + " items: they must be aligned");
        }
        List<ItemVerdict> out = new ArrayList<>(items.size());
        for (int i = 0; i < items.size(); i++) {
            SpiderItem item = items.get(i);
            out.add(ItemVerdict.of(item, hardness(item), predictions.get(i), metric.evaluate(item.testCase(predictions.get(i)))));
        }
        return out;
    }

    public static String hardness(SpiderItem item) {
        return SpiderHardness.tryOf(item.query()).orElse(UNKNOWN_HARDNESS);
    }
}
