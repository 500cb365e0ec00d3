package io.evalstream.aggregator;

import io.evalstream.aggregator.stats.Bernoulli;
import io.evalstream.aggregator.stats.Interval;
import io.evalstream.aggregator.stats.Wilson;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.RecordKeys;
import java.util.Map;
import java.util.TreeMap;

/** Running counts of one (run, metric version, model, benchmark, category); the state behind an {@link AccuracyStats}. */
public record StatsCounts(String runId, String metric, String metricVersion, String modelId, Benchmark benchmark,
                          String category, long n, long correct, long unscorable, Map<String, Long> unscorableReasons,
                          long updatedAt) {
    public static final String ALL = "all";

    public StatsCounts {
        unscorableReasons = Map.copyOf(unscorableReasons);
    }

    static StatsCounts zero(VerdictChange c, String category) {
        return new StatsCounts(c.runId(), c.metric(), c.metricVersion(), c.modelId(), c.benchmark(), category,
                0, 0, 0, Map.of(), 0);
    }

    String key() {
        return RecordKeys.statsKey(runId, metric, metricVersion, modelId, benchmark, category);
    }

    /** Adds ({@code sign} +1) or removes (-1) one verdict. */
    StatsCounts plus(ScoreVerdict v, int sign) {
        if (v.scorable()) {
            return new StatsCounts(runId, metric, metricVersion, modelId, benchmark, category,
                    n + sign, correct + (v.correct() ? sign : 0), unscorable, unscorableReasons, updatedAt);
        }
        Map<String, Long> reasons = new TreeMap<>(unscorableReasons);
        reasons.merge(v.unscorableReason(), (long) sign, Long::sum);
        reasons.values().removeIf(count -> count == 0);
        return new StatsCounts(runId, metric, metricVersion, modelId, benchmark, category,
                n, correct, unscorable + sign, reasons, updatedAt);
    }

    StatsCounts at(long timestamp) {
        return new StatsCounts(runId, metric, metricVersion, modelId, benchmark, category, n, correct, unscorable,
                unscorableReasons, timestamp);
    }

    /**
     * The published record. With no scorable item yet the accuracy and spreads are 0 and the
     * interval is [0, 1]; the sample std-dev is 0 below two items (it is undefined there).
     */
    public AccuracyStats toAvro() {
        Interval wilson = Wilson.interval95(correct, n);
        return AccuracyStats.newBuilder()
                .setRunId(runId).setMetric(metric).setMetricVersion(metricVersion).setModelId(modelId)
                .setBenchmark(benchmark).setCategory(category)
                .setN(n).setCorrect(correct).setUnscorable(unscorable)
                .setAccuracy(orZero(Bernoulli.accuracy(correct, n)))
                .setStdDevPopulation(orZero(Bernoulli.stdDevPopulation(correct, n)))
                .setStdDevSample(orZero(Bernoulli.stdDevSample(correct, n)))
                .setStdError(orZero(Bernoulli.stdError(correct, n)))
                .setWilsonLow(wilson.low()).setWilsonHigh(wilson.high())
                .setUnscorableReasons(new TreeMap<>(unscorableReasons))
                .setUpdatedAt(updatedAt)
                .build();
    }

    private static double orZero(double x) {
        return Double.isNaN(x) ? 0 : x;
    }
}
