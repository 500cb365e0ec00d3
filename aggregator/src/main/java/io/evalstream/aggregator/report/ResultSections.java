package io.evalstream.aggregator.report;

import io.evalstream.aggregator.CategoryOrder;
import io.evalstream.aggregator.ComparisonFamily;
import io.evalstream.aggregator.StatsCounts;
import io.evalstream.aggregator.report.ReportDocument.Block;
import io.evalstream.aggregator.report.ReportDocument.Cell;
import io.evalstream.aggregator.stats.ClusteredEstimate;
import io.evalstream.aggregator.stats.DetectableEffect;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The accuracy tables, the regression tables and the honest-uncertainty section: standard errors
 * clustered by database (Spider) and subject (MMLU) beside the naive ones, and each comparison's
 * minimum detectable effect in numbers and in words.
 */
final class ResultSections {
    /** The change the report always states the detectability of: small losses are what fine-tuning risks. */
    static final double SMALL_CHANGE = 0.02;

    static ReportDocument.Section accuracy(StudyReport report) {
        List<Block> blocks = new ArrayList<>();
        Map<String, List<StudyReport.AccuracyRow>> byTable = new LinkedHashMap<>();
        report.accuracy().forEach(row -> byTable.computeIfAbsent(tableName(row.stats().getBenchmark(), row.stats().getMetric(),
                row.stats().getMetricVersion()), k -> new ArrayList<>()).add(row));
        for (Map.Entry<String, List<StudyReport.AccuracyRow>> e : byTable.entrySet()) {
            List<List<Cell>> rows = new ArrayList<>();
            for (StudyReport.AccuracyRow row : e.getValue()) {
                AccuracyStats s = row.stats();
                ClusteredEstimate c = row.clustered();
                boolean all = StatsCounts.ALL.equals(s.getCategory());
                boolean none = s.getN() == 0;
                rows.add(List.of(new Cell(all ? s.getModelId() : "", Map.of(), all ? "all" : ""), Cell.of(s.getCategory()),
                        Cell.num(Long.toString(s.getN() + s.getUnscorable())), Cell.num(Long.toString(s.getN())),
                        Cell.num(Long.toString(s.getCorrect())),
                        Cell.num(none ? ReportNumbers.NONE : ReportNumbers.fraction(s.getAccuracy())),
                        Cell.num(none ? ReportNumbers.NONE : ReportNumbers.fraction(s.getStdDevPopulation())),
                        Cell.num(s.getN() < 2 ? ReportNumbers.NONE : ReportNumbers.fraction(s.getStdDevSample())),
                        Cell.num(none ? ReportNumbers.NONE : ReportNumbers.fractionInterval(s.getWilsonLow(), s.getWilsonHigh())),
                        Cell.num(ReportNumbers.decimal(c.naiveStandardError(), 4)),
                        Cell.num(ReportNumbers.decimal(c.correctedStandardError(), 4)),
                        Cell.num(Integer.toString(c.clusters())), Cell.num(ReportNumbers.decimal(c.designEffect(), 2)),
                        Cell.of(unscorable(s))));
            }
            blocks.add(new ReportDocument.Table("accuracy-" + e.getKey(), e.getKey(), List.of("model", "category", "items", "n",
                    "correct", "accuracy", "sd pop", "sd sample", "Wilson 95%", "SE naive", "SE clustered (CR1)", "clusters",
                    "design effect", "unscorable"), rows));
            AccuracyStats first = e.getValue().get(0).stats();
            blocks.add(new ReportDocument.Chart("accuracy-" + first.getBenchmark().name().toLowerCase() + "-"
                    + first.getMetricVersion().replaceAll("[^A-Za-z0-9]+", "_") + ".svg", e.getKey() + ": accuracy with Wilson 95%",
                    AccuracyBars.svg(e.getKey(), e.getValue().stream().map(StudyReport.AccuracyRow::stats).toList(),
                            categories(first.getBenchmark(), e.getValue()))));
        }
        blocks.add(new ReportDocument.Paragraph("note", "items = scored + unscorable; accuracy, the spreads and the intervals use"
                + " the scored items (n). sd pop = sqrt(p(1-p)); sd sample = sqrt(n/(n-1) p(1-p)). SE clustered is the"
                + " cluster-robust standard error with Spider databases and MMLU subjects as clusters, with the CR1"
                + " small-sample factor G/(G-1) (Spider dev has only 20 databases); the design effect is how many times"
                + " clustering multiplies the variance (Miller 2024, \"Adding Error Bars to Evals\"). With few clusters (a"
                + " category of two or three subjects, a Spider subset from one database) the clustered SE is itself imprecise,"
                + " and with one cluster it is undefined (–)."));
        return new ReportDocument.Section("accuracy", "Accuracy", blocks);
    }

    static ReportDocument.Section regressions(StudyReport report) {
        List<Block> blocks = new ArrayList<>();
        Map<String, List<StudyReport.RegressionRow>> byTable = new LinkedHashMap<>();
        report.regressions().forEach(row -> byTable.computeIfAbsent(tableName(row.regression().getBenchmark(),
                row.regression().getMetric(), row.regression().getMetricVersion()), k -> new ArrayList<>()).add(row));
        List<String> survivors = new ArrayList<>();
        for (Map.Entry<String, List<StudyReport.RegressionRow>> e : byTable.entrySet()) {
            List<List<Cell>> rows = new ArrayList<>();
            for (StudyReport.RegressionRow row : e.getValue()) {
                Regression r = row.regression();
                boolean all = StatsCounts.ALL.equals(r.getCategory());
                boolean paired = r.getNPaired() > 0;
                if (row.significant()) {
                    survivors.add(r.getModelId() + " " + r.getBenchmark() + " " + r.getCategory() + " ("
                            + ReportNumbers.points(r.getDiffPoints()) + " points, Holm p " + ReportNumbers.pValue(row.adjustedP()) + ")");
                }
                String style = row.significant() && r.getDiffPoints() < 0 ? "significant" : "";
                rows.add(List.of(new Cell(all ? r.getModelId() : "", Map.of(), all ? "all" : ""), Cell.of(r.getCategory()),
                        Cell.num(Long.toString(r.getNPaired())), Cell.num(ReportNumbers.percent(r.getBaseAccuracy())),
                        Cell.num(ReportNumbers.percent(r.getModelAccuracy())),
                        new Cell(ReportNumbers.points(r.getDiffPoints()), Map.of(), "num " + style),
                        Cell.num(ReportNumbers.relativePercent(r.getRelativePercent())),
                        Cell.num(Long.toString(r.getBaseOnlyCorrect())), Cell.num(Long.toString(r.getModelOnlyCorrect())),
                        Cell.num(paired ? ReportNumbers.pValue(r.getMcnemarP()) : ReportNumbers.NONE),
                        Cell.num(ReportNumbers.pValue(row.adjustedP())),
                        new Cell(row.significant() ? "yes" : "no", Map.of(), style),
                        Cell.num(paired ? ReportNumbers.pointsInterval(r.getBootstrapLow(), r.getBootstrapHigh()) : ReportNumbers.NONE)));
            }
            blocks.add(new ReportDocument.Table("regression-" + e.getKey(), e.getKey() + " against " + report.baseModelId(),
                    List.of("model", "category", "paired", "base", "model", "change (points)", "change (%)", "b>m", "m>b",
                            "McNemar p", "Holm p", "survives Holm", "bootstrap 95% (points)"), rows));
        }
        if (report.regressions().isEmpty()) {
            blocks.add(new ReportDocument.Paragraph("note", "No fine-tuned model to compare: the run has only " + report.baseModelId() + "."));
        } else {
            blocks.add(new ReportDocument.Paragraph("claim", "Holm's correction over the run's " + report.familySize()
                    + " comparisons (each fine-tuned model × benchmark × category, \"all\" included), α = "
                    + ComparisonFamily.ALPHA + ": " + (survivors.isEmpty() ? "none survives."
                    : survivors.size() + " survive: " + String.join("; ", survivors) + ".")));
            blocks.add(new ReportDocument.Paragraph("note", "b>m: items only the base got right; m>b: only the model."
                    + " McNemar's exact test and the paired bootstrap (10,000 resamples, fixed seed, percentile method) use"
                    + " the items both models scored; accuracies and changes use each model's own scored items."));
        }
        return new ReportDocument.Section("regression", "Regression against the base model", blocks);
    }

    static ReportDocument.Section uncertainty(StudyReport report) {
        List<Block> blocks = new ArrayList<>();
        List<List<Cell>> rows = new ArrayList<>();
        List<String> claims = new ArrayList<>();
        for (StudyReport.RegressionRow row : report.regressions()) {
            Regression r = row.regression();
            ClusteredEstimate c = row.pairedClustered();
            DetectableEffect mde = row.detectable();
            rows.add(List.of(Cell.of(r.getModelId()), Cell.of(r.getBenchmark().name()), Cell.of(r.getCategory()),
                    Cell.num(Long.toString(r.getNPaired())), Cell.num(Long.toString(r.getBaseOnlyCorrect() + r.getModelOnlyCorrect())),
                    Cell.num(ReportNumbers.points(r.getDiffPoints())), Cell.num(ReportNumbers.asPoints(c.naiveStandardError())),
                    Cell.num(ReportNumbers.asPoints(c.correctedStandardError())), Cell.num(Integer.toString(c.clusters())),
                    Cell.num(ReportNumbers.asPoints(mde.effect()))));
            if (StatsCounts.ALL.equals(r.getCategory())) {
                claims.add(r.getModelId() + ", " + r.getBenchmark() + " (" + r.getNPaired() + " paired items): "
                        + mde.describe(SMALL_CHANGE) + (Double.isFinite(r.getDiffPoints()) && Math.abs(r.getDiffPoints()) >= 0.05
                        ? " The observed change: " + mde.describe(r.getDiffPoints() / 100) : ""));
            }
        }
        if (rows.isEmpty()) {
            blocks.add(new ReportDocument.Paragraph("note", "Without a fine-tuned model there is no comparison to size; the"
                    + " clustered standard errors of each accuracy are in the accuracy tables."));
        } else {
            blocks.add(new ReportDocument.Table("uncertainty-table", "Paired differences: standard errors and minimum detectable"
                    + " effects (points)", List.of("model", "benchmark", "category", "paired", "discordant", "change",
                    "SE naive", "SE clustered (CR1)", "clusters", "MDE (80% power, α 0.05)"), rows));
            claims.forEach(c -> blocks.add(new ReportDocument.Paragraph("claim", c)));
            blocks.add(new ReportDocument.Paragraph("note", "MDE = (z₀.₉₇₅ + z₀.₈) × SE ≈ 2.80 × SE, with the SE of the paired"
                    + " difference from the observed discordant pairs (Bloom 1995; Miller 2024): the smallest true change this"
                    + " comparison would call significant 80% of the time. A change below it may well be there and go unseen."));
        }
        return new ReportDocument.Section("uncertainty", "Honest uncertainty", blocks);
    }

    private static String tableName(Benchmark benchmark, String metric, String version) {
        return benchmark.name() + " " + metric + "@" + version;
    }

    private static List<String> categories(Benchmark benchmark, List<StudyReport.AccuracyRow> rows) {
        return rows.stream().map(r -> r.stats().getCategory()).distinct().sorted(CategoryOrder.of(benchmark)).toList();
    }

    private static String unscorable(AccuracyStats s) {
        if (s.getUnscorable() == 0) {
            return "0";
        }
        StringBuilder reasons = new StringBuilder();
        new TreeMap<>(s.getUnscorableReasons()).forEach((k, v) ->
                reasons.append(reasons.isEmpty() ? "" : ", ").append(k).append(": ").append(v));
        return s.getUnscorable() + " (" + reasons + ")";
    }

    private ResultSections() {
    }
}
