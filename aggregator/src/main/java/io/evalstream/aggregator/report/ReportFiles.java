package io.evalstream.aggregator.report;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Writes a report into a folder: {@code report.html} (self-contained), {@code report.md} and the
 * charts the Markdown links, as SVG files beside it.
 */
public final class ReportFiles {
    public static final String HTML = "report.html";
    public static final String MARKDOWN = "report.md";

    /** @return the files written, the HTML page first */
    public static List<Path> write(ReportDocument doc, Path dir, String generatedBy) {
        try {
            Files.createDirectories(dir);
            List<Path> written = new ArrayList<>();
            written.add(Files.writeString(dir.resolve(HTML), ReportHtml.render(doc, generatedBy), StandardCharsets.UTF_8));
            written.add(Files.writeString(dir.resolve(MARKDOWN), ReportMarkdown.render(doc, generatedBy), StandardCharsets.UTF_8));
            for (ReportDocument.Section section : doc.sections()) {
                for (ReportDocument.Block block : section.blocks()) {
                    if (block instanceof ReportDocument.Chart chart && chart.svg().startsWith("<svg")) {
                        written.add(Files.writeString(dir.resolve(chart.fileName()), chart.svg(), StandardCharsets.UTF_8));
                    }
                }
            }
            return written;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write the report into " + dir.toAbsolutePath() + ": " + e.getMessage()
                    + " (is the folder writable? --out chooses another)", e);
        }
    }

    private ReportFiles() {
    }
}
