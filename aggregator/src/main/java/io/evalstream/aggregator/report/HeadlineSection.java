package io.evalstream.aggregator.report;

import io.evalstream.aggregator.report.ReportDocument.Block;
import io.evalstream.aggregator.report.ReportDocument.Cell;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The report's first section: per fine-tuned model, the Spider execution-accuracy change and the
 * MMLU accuracy change against the base, in points and in percent, with paired-bootstrap 95%
 * intervals and Holm-adjusted p-values, then the learning-forgetting chart. Every number is the
 * published regression's; each cell names the {@code results --json} field it shows
 * ({@code data-field}) and holds its exact value ({@code data-value}).
 */
final class HeadlineSection {

    static ReportDocument.Section of(StudyReport report) {
        List<Block> blocks = new ArrayList<>();
        if (report.headline().isEmpty()) {
            blocks.add(new ReportDocument.Paragraph("note", "This run has no fine-tuned model to compare with the base model "
                    + report.baseModelId() + ": the sections below show its accuracy only."));
            return new ReportDocument.Section("headline", "Headline", blocks);
        }
        List<List<Cell>> rows = new ArrayList<>();
        for (StudyReport.Headline h : report.headline()) {
            for (StudyReport.Change c : new StudyReport.Change[] {h.spider(), h.mmlu()}) {
                if (c != null) {
                    rows.add(row(c));
                }
            }
        }
        blocks.add(new ReportDocument.Table("headline-table", "Change against " + report.baseModelId()
                + " over all categories (model − base; interval: paired bootstrap 95%, points)",
                List.of("model", "benchmark", "metric", "base", "model acc.", "change (points)", "change (%)",
                        "95% interval (points)", "Holm p", "significant"), rows));
        for (StudyReport.Headline h : report.headline()) {
            blocks.add(new ReportDocument.Paragraph("claim", claim(h)));
        }
        blocks.add(new ReportDocument.Chart("learning-forgetting.svg", "Learning–forgetting: Spider change across, MMLU"
                + " change up, points against " + report.baseModelId() + ", with paired-bootstrap 95% intervals",
                LearningForgettingChart.svg(report.headline())));
        return new ReportDocument.Section("headline", "Headline", blocks);
    }

    private static List<Cell> row(StudyReport.Change c) {
        Regression r = c.regression();
        String model = r.getModelId();
        String benchmark = r.getBenchmark().name();
        List<Cell> cells = new ArrayList<>();
        cells.add(Cell.of(model));
        cells.add(Cell.of(benchmark));
        cells.add(Cell.of(r.getMetric() + "@" + r.getMetricVersion()));
        cells.add(number(model, benchmark, "base_accuracy", r.getBaseAccuracy(), ReportNumbers.percent(r.getBaseAccuracy())));
        cells.add(number(model, benchmark, "model_accuracy", r.getModelAccuracy(), ReportNumbers.percent(r.getModelAccuracy())));
        cells.add(number(model, benchmark, "diff_points", r.getDiffPoints(), ReportNumbers.points(r.getDiffPoints())));
        Double relative = r.getRelativePercent() == null ? null : r.getRelativePercent() / 100;
        cells.add(number(model, benchmark, "relative_change", relative == null ? Double.NaN : relative,
                ReportNumbers.relativePercent(r.getRelativePercent())));
        Map<String, String> interval = data(model, benchmark, "bootstrap_points");
        interval.put("low", Double.toString(r.getBootstrapLow()));
        interval.put("high", Double.toString(r.getBootstrapHigh()));
        cells.add(new Cell(ReportNumbers.pointsInterval(r.getBootstrapLow(), r.getBootstrapHigh()), interval, "num"));
        cells.add(number(model, benchmark, "mcnemar_p_holm", c.adjustedP(), ReportNumbers.pValue(c.adjustedP())));
        cells.add(new Cell(c.significant() ? (r.getDiffPoints() < 0 ? "yes: regression" : "yes: gain") : "no",
                data(model, benchmark, "significant"), c.significant() && r.getDiffPoints() < 0 ? "significant" : ""));
        return cells;
    }

    private static Cell number(String model, String benchmark, String field, double value, String text) {
        Map<String, String> data = data(model, benchmark, field);
        data.put("value", Double.isFinite(value) ? Double.toString(value) : "");
        return new Cell(text, data, "num");
    }

    private static Map<String, String> data(String model, String benchmark, String field) {
        Map<String, String> data = new LinkedHashMap<>();
        data.put("model", model);
        data.put("benchmark", benchmark);
        data.put("field", field);
        return data;
    }

    /** One sentence per model that says what the numbers support and no more. */
    static String claim(StudyReport.Headline h) {
        StringBuilder s = new StringBuilder(h.modelId()).append(": ");
        s.append(part("Spider execution accuracy", h.spider())).append("; ").append(part("MMLU accuracy", h.mmlu())).append('.');
        return s.toString();
    }

    private static String part(String what, StudyReport.Change c) {
        if (c == null) {
            return what + " not measured in this run";
        }
        Regression r = c.regression();
        String change = ReportNumbers.points(r.getDiffPoints()) + " points ("
                + ReportNumbers.pointsInterval(r.getBootstrapLow(), r.getBootstrapHigh()) + ")";
        if (!c.significant()) {
            return what + " " + change + ", not a significant change after Holm's correction";
        }
        return what + (r.getDiffPoints() < 0 ? " fell " : " rose ") + change + ", significant after Holm's correction (p = "
                + ReportNumbers.pValue(c.adjustedP()) + ")";
    }

    private HeadlineSection() {
    }
}
