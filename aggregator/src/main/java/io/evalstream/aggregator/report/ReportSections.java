package io.evalstream.aggregator.report;

import java.util.ArrayList;
import java.util.List;

/** The report's sections in reading order, from its content. */
public final class ReportSections {

    public static ReportDocument of(StudyReport report) {
        List<ReportDocument.Section> sections = new ArrayList<>();
        if (!report.warnings().isEmpty()) {
            sections.add(new ReportDocument.Section("warnings", "Read this first",
                    report.warnings().stream().<ReportDocument.Block>map(w -> new ReportDocument.Paragraph("warning", w)).toList()));
        }
        sections.add(HeadlineSection.of(report));
        sections.add(ResultSections.accuracy(report));
        sections.add(ResultSections.regressions(report));
        sections.add(ResultSections.uncertainty(report));
        sections.add(DiagnosisSections.errors(report));
        sections.add(DiagnosisSections.training(report));
        sections.add(DiagnosisSections.reproducibility(report));
        return new ReportDocument("EvalStream study report: " + report.runId(), sections);
    }

    private ReportSections() {
    }
}
