package io.evalstream.aggregator.report;

import io.evalstream.aggregator.ComparisonFamily;
import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.run.ItemOutcome;
import io.evalstream.aggregator.stats.ClusteredEstimate;
import io.evalstream.aggregator.stats.ClusteredStandardError;
import io.evalstream.aggregator.stats.MinimumDetectableEffect;
import io.evalstream.aggregator.stats.PairCounts;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The accuracy and regression rows with the uncertainty the published records do not carry:
 * standard errors clustered by Spider database and MMLU subject (CR1 shown: Spider dev has only
 * 20 databases), the clustered SE of each paired difference, the minimum detectable effect from
 * each comparison's observed discordance, and Holm's adjustment across the run's comparisons.
 * Where the per-item verdicts disagree with the published counts a warning says so.
 */
final class UncertaintyRows {
    private final ItemVerdictTable verdicts;
    private final List<String> warnings;

    UncertaintyRows(ItemVerdictTable verdicts, List<String> warnings) {
        this.verdicts = verdicts;
        this.warnings = warnings;
    }

    List<StudyReport.AccuracyRow> accuracy(List<AccuracyStats> stats) {
        List<StudyReport.AccuracyRow> rows = new ArrayList<>();
        for (AccuracyStats s : stats) {
            List<ItemOutcome> items = verdicts.scorable(s.getMetric() + "@" + s.getMetricVersion(), s.getBenchmark().name(),
                    s.getModelId(), s.getCategory());
            long correct = items.stream().filter(ItemOutcome::correct).count();
            if (items.size() != s.getN() || correct != s.getCorrect()) {
                warnings.add(String.format(Locale.ROOT, "%s %s %s: the per-item verdicts give %d/%d, the published counts %d/%d "
                                + "(the clustered SE uses the verdicts; is the aggregator still counting?)",
                        s.getModelId(), s.getBenchmark(), s.getCategory(), correct, items.size(), s.getCorrect(), s.getN()));
            }
            ClusteredEstimate clustered = ClusteredStandardError.of(items.stream()
                    .map(o -> new ClusteredStandardError.Item(o.group(), o.correct() ? 1 : 0)).toList());
            rows.add(new StudyReport.AccuracyRow(s, clustered));
        }
        return rows;
    }

    List<StudyReport.RegressionRow> regressions(List<Regression> regressions, ComparisonFamily family) {
        List<StudyReport.RegressionRow> rows = new ArrayList<>();
        for (Regression r : regressions) {
            String metricKey = r.getMetric() + "@" + r.getMetricVersion();
            String benchmark = r.getBenchmark().name();
            Map<String, ItemOutcome> base = verdicts.of(metricKey, benchmark, r.getBaseModelId());
            List<ClusteredStandardError.PairedItem> paired = new ArrayList<>();
            long bothCorrect = 0;
            long baseOnly = 0;
            long modelOnly = 0;
            long bothWrong = 0;
            for (ItemOutcome m : verdicts.scorable(metricKey, benchmark, r.getModelId(), r.getCategory())) {
                ItemOutcome b = base.get(m.itemId());
                if (b == null || !b.scorable()) {
                    continue;
                }
                paired.add(new ClusteredStandardError.PairedItem(m.group(), b.correct() ? 1 : 0, m.correct() ? 1 : 0));
                if (b.correct() && m.correct()) {
                    bothCorrect++;
                } else if (b.correct()) {
                    baseOnly++;
                } else if (m.correct()) {
                    modelOnly++;
                } else {
                    bothWrong++;
                }
            }
            PairCounts pairs = new PairCounts(bothCorrect, baseOnly, modelOnly, bothWrong);
            if (pairs.paired() != r.getNPaired() || baseOnly != r.getBaseOnlyCorrect() || modelOnly != r.getModelOnlyCorrect()) {
                warnings.add(String.format(Locale.ROOT, "%s vs %s %s %s: the per-item verdicts pair %d items (%d/%d discordant), the "
                                + "published regression %d (%d/%d)", r.getModelId(), r.getBaseModelId(), r.getBenchmark(),
                        r.getCategory(), pairs.paired(), baseOnly, modelOnly, r.getNPaired(), r.getBaseOnlyCorrect(),
                        r.getModelOnlyCorrect()));
            }
            rows.add(new StudyReport.RegressionRow(r, family.adjustedP(r), family.significant(r),
                    ClusteredStandardError.pairedDifference(paired), MinimumDetectableEffect.paired(pairs)));
        }
        return rows;
    }

    static boolean isAll(String category) {
        return StatsCounts.ALL.equals(category);
    }
}
