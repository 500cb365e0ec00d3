package io.evalstream.aggregator.api;

import io.evalstream.aggregator.CategoryOrder;
import io.evalstream.aggregator.ComparisonFamily;
import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.report.AccuracyBars;
import io.evalstream.aggregator.report.LearningForgettingChart;
import io.evalstream.aggregator.report.StudyReport;
import io.evalstream.aggregator.report.StudyReportAssembler;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The report's charts drawn from the live counts: the learning-forgetting chart and each
 * benchmark's accuracy bars, with the categories still pending drawn as pending. The page puts the
 * SVG inline, so both views draw with the same code.
 */
final class LiveCharts {

    static String learningForgetting(List<AccuracyStats> stats, List<Regression> regressions) {
        Map<String, String> metric = StudyReportAssembler.headlineMetric(stats);
        ComparisonFamily family = ComparisonFamily.of(regressions);
        Map<String, StudyReport.Change[]> byModel = new LinkedHashMap<>();
        for (Regression r : regressions) {
            if (StatsCounts.ALL.equals(r.getCategory()) && r.getNPaired() > 0
                    && (r.getMetric() + "@" + r.getMetricVersion()).equals(metric.get(r.getBenchmark().name()))) {
                byModel.computeIfAbsent(r.getModelId(), m -> new StudyReport.Change[2])[r.getBenchmark() == Benchmark.SPIDER ? 0 : 1] =
                        new StudyReport.Change(r, family.adjustedP(r), family.significant(r));
            }
        }
        List<StudyReport.Headline> headline = new ArrayList<>();
        byModel.forEach((model, c) -> headline.add(new StudyReport.Headline(model, c[0], c[1])));
        return LearningForgettingChart.svg(headline);
    }

    /** @param pending categories of this benchmark that some model has not reached yet */
    static String accuracy(Benchmark benchmark, List<AccuracyStats> stats, List<String> pending) {
        Map<String, String> metric = StudyReportAssembler.headlineMetric(stats);
        List<AccuracyStats> shown = stats.stream().filter(s -> s.getBenchmark() == benchmark
                && (s.getMetric() + "@" + s.getMetricVersion()).equals(metric.get(benchmark.name()))).toList();
        Set<String> categories = new LinkedHashSet<>();
        shown.forEach(s -> categories.add(s.getCategory()));
        categories.addAll(pending);
        List<String> ordered = categories.stream().sorted(CategoryOrder.of(benchmark)).toList();
        String title = benchmark.name() + (metric.containsKey(benchmark.name()) ? " " + metric.get(benchmark.name()) : "");
        return AccuracyBars.svg(title, shown, ordered);
    }

    private LiveCharts() {
    }
}
