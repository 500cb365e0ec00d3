package io.evalstream.aggregator;

import io.evalstream.aggregator.stats.Interval;
import io.evalstream.aggregator.stats.McNemar;
import io.evalstream.aggregator.stats.PairCounts;
import io.evalstream.aggregator.stats.PairedBootstrap;
import io.evalstream.schemas.Regression;

/**
 * The regression record of a model against the base from their running counts.
 *
 * <p>Two views, both in the record: accuracies, the difference in points and the relative change
 * use each model's own scorable items (so they match the summary table: 36/1034 against 75/1034
 * is 3.48% to 7.25%, +3.77 points, +108%); the discordant counts, McNemar's p and the bootstrap
 * interval use only the items both have scored, so a model's extra or missing items (mid-run,
 * or a model that skipped items) cannot distort the paired test. When both models have scored
 * the same items the two views agree.
 */
public final class RegressionCalculator {

    public static Regression regression(RegressionCounts base, RegressionCounts model, RegressionOptions options,
                                        long updatedAt) {
        PairCounts pairs = model.pairs();
        double baseAccuracy = accuracy(base.correct(), base.n());
        double modelAccuracy = accuracy(model.correct(), model.n());
        double diff = modelAccuracy - baseAccuracy;
        Interval bootstrap = PairedBootstrap.differenceInterval(pairs, options.bootstrapResamples(),
                options.bootstrapSeed()).scaled(100);
        return Regression.newBuilder()
                .setRunId(model.runId()).setMetric(model.metric()).setMetricVersion(model.metricVersion())
                .setModelId(model.modelId()).setBaseModelId(base.modelId())
                .setBenchmark(model.benchmark()).setCategory(model.category())
                .setNBase(base.n()).setNModel(model.n()).setNPaired(pairs.paired())
                .setBaseCorrect(base.correct()).setModelCorrect(model.correct())
                .setBaseAccuracy(baseAccuracy).setModelAccuracy(modelAccuracy)
                .setDiffPoints(100 * diff)
                .setRelativePercent(base.correct() == 0 || Double.isNaN(diff) ? null : 100 * diff / baseAccuracy)
                .setBaseOnlyCorrect(pairs.baseOnly()).setModelOnlyCorrect(pairs.modelOnly())
                .setMcnemarP(McNemar.exactPValue(pairs.baseOnly(), pairs.modelOnly()))
                .setBootstrapLow(bootstrap.low()).setBootstrapHigh(bootstrap.high())
                .setBootstrapSeed(options.bootstrapSeed())
                .setUpdatedAt(updatedAt)
                .build();
    }

    /** Accuracy; NaN while a side has no scorable item, which makes the difference NaN too. */
    private static double accuracy(long correct, long n) {
        return n == 0 ? Double.NaN : (double) correct / n;
    }

    private RegressionCalculator() {
    }
}
