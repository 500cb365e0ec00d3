package io.evalstream.aggregator;

import io.evalstream.aggregator.stats.Holm;
import io.evalstream.aggregator.stats.HolmAdjusted;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.RecordKeys;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A run's comparisons against the base model as one family for Holm's correction: every fine-tuned
 * model x benchmark x category (the "all" rows included) that has paired items, under every metric
 * version the run has. Looking at many categories of many adapters makes some p-value small by
 * chance; a comparison is called a significant change only when it survives the correction at
 * {@link #ALPHA}. The same family is used by {@code results --json}, the API, the dashboard and
 * the report, so they all call the same comparisons significant.
 */
public final class ComparisonFamily {
    public static final double ALPHA = 0.05;

    private final Map<String, HolmAdjusted<String>> adjusted;

    private ComparisonFamily(Map<String, HolmAdjusted<String>> adjusted) {
        this.adjusted = adjusted;
    }

    public static ComparisonFamily of(List<Regression> regressions) {
        Map<String, Double> pValues = new LinkedHashMap<>();
        for (Regression r : regressions) {
            if (r.getNPaired() > 0 && !Double.isNaN(r.getMcnemarP())) {
                pValues.put(key(r), r.getMcnemarP());
            }
        }
        Map<String, HolmAdjusted<String>> byKey = new LinkedHashMap<>();
        for (HolmAdjusted<String> h : Holm.family(pValues, ALPHA)) {
            byKey.put(h.comparison(), h);
        }
        return new ComparisonFamily(byKey);
    }

    /** The comparisons in the family. */
    public int size() {
        return adjusted.size();
    }

    /** Holm-adjusted p-value; NaN when the comparison has no paired item (it is not in the family). */
    public double adjustedP(Regression r) {
        HolmAdjusted<String> h = adjusted.get(key(r));
        return h == null ? Double.NaN : h.adjusted();
    }

    /** Whether the change survives Holm's correction at {@link #ALPHA}. */
    public boolean significant(Regression r) {
        HolmAdjusted<String> h = adjusted.get(key(r));
        return h != null && h.survives();
    }

    private static String key(Regression r) {
        return RecordKeys.statsKey(r.getRunId(), r.getMetric(), r.getMetricVersion(), r.getModelId(), r.getBenchmark(),
                r.getCategory());
    }
}
