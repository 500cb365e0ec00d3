package io.evalstream.aggregator;

import io.evalstream.aggregator.stats.PairCounts;
import io.evalstream.schemas.Benchmark;

/**
 * Running counts behind one model's regression in one (run, metric version, benchmark,
 * category): the model's own scorable items and correct ones, and its 2x2 table against the
 * base over the items both have scored. The base model's own entry has an empty table; its
 * n and correct are the "base" side of every other model's regression.
 */
public record RegressionCounts(String runId, String metric, String metricVersion, Benchmark benchmark, String category,
                               String modelId, long n, long correct, PairCounts pairs) {

    static RegressionCounts zero(VerdictChange c, String category, String modelId) {
        return new RegressionCounts(c.runId(), c.metric(), c.metricVersion(), c.benchmark(), category, modelId,
                0, 0, PairCounts.EMPTY);
    }

    String key() {
        return StoreKeys.regressionCategoryPrefix(runId, metric, metricVersion, benchmark, category) + modelId;
    }

    RegressionCounts plusOwn(ScoreVerdict v, int sign) {
        if (!v.scorable()) {
            return this;
        }
        return new RegressionCounts(runId, metric, metricVersion, benchmark, category, modelId,
                n + sign, correct + (v.correct() ? sign : 0), pairs);
    }

    /** Adds or removes the pair (base verdict, model verdict) of one item; a no-op unless both are scorable. */
    RegressionCounts plusPair(ScoreVerdict base, ScoreVerdict model, int sign) {
        if (base == null || model == null || !base.scorable() || !model.scorable()) {
            return this;
        }
        PairCounts p = pairs;
        PairCounts updated;
        if (base.correct() && model.correct()) {
            updated = new PairCounts(p.bothCorrect() + sign, p.baseOnly(), p.modelOnly(), p.bothWrong());
        } else if (base.correct()) {
            updated = new PairCounts(p.bothCorrect(), p.baseOnly() + sign, p.modelOnly(), p.bothWrong());
        } else if (model.correct()) {
            updated = new PairCounts(p.bothCorrect(), p.baseOnly(), p.modelOnly() + sign, p.bothWrong());
        } else {
            updated = new PairCounts(p.bothCorrect(), p.baseOnly(), p.modelOnly(), p.bothWrong() + sign);
        }
        return new RegressionCounts(runId, metric, metricVersion, benchmark, category, modelId, n, correct, updated);
    }
}
