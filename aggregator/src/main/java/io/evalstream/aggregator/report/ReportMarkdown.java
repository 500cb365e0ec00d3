package io.evalstream.aggregator.report;

/**
 * The report as Markdown (GitHub flavour): the same sections, tables and texts as the HTML page;
 * each chart is an SVG file beside the Markdown file, linked as an image.
 */
public final class ReportMarkdown {

    public static String render(ReportDocument doc, String generatedBy) {
        StringBuilder out = new StringBuilder();
        out.append("# ").append(doc.title()).append("\n\n");
        for (ReportDocument.Section section : doc.sections()) {
            out.append("## ").append(section.title()).append("\n\n");
            section.blocks().forEach(b -> block(out, b));
        }
        out.append("---\n").append(generatedBy).append('\n');
        return out.toString();
    }

    private static void block(StringBuilder out, ReportDocument.Block block) {
        if (block instanceof ReportDocument.Paragraph p) {
            String text = inline(p.text());
            out.append(p.kind().equals("warning") ? "> **Warning:** " + text : p.kind().equals("note") ? "_" + text + "_" : text)
                    .append("\n\n");
        } else if (block instanceof ReportDocument.Table t) {
            out.append("**").append(inline(t.caption())).append("**\n\n|");
            t.header().forEach(h -> out.append(' ').append(cell(h)).append(" |"));
            out.append("\n|");
            t.header().forEach(h -> out.append(" --- |"));
            out.append('\n');
            for (var row : t.rows()) {
                out.append('|');
                row.forEach(c -> out.append(' ').append(cell(c.text())).append(" |"));
                out.append('\n');
            }
            out.append('\n');
        } else if (block instanceof ReportDocument.Chart c) {
            out.append("![").append(inline(c.caption())).append("](").append(c.fileName()).append(")\n\n");
        } else if (block instanceof ReportDocument.Fields f) {
            out.append("#### ").append(inline(f.title())).append("\n\n");
            for (ReportDocument.Field field : f.fields()) {
                if (field.code()) {
                    String fence = field.value().contains("```") ? "~~~~" : "```";
                    out.append("- **").append(inline(field.label())).append("**:\n\n").append(fence).append('\n')
                            .append(field.value()).append('\n').append(fence).append("\n\n");
                } else {
                    out.append("- **").append(inline(field.label())).append("**: ").append(inline(field.value())).append('\n');
                }
            }
            out.append('\n');
        }
    }

    /** Text in a table cell: a pipe or a line break would end the cell. */
    private static String cell(String text) {
        return inline(text).replace("|", "\\|").replace("\n", " ");
    }

    /** Markdown and HTML characters of run text are escaped, so a reply cannot format or inject anything. */
    private static String inline(String text) {
        return text.replace("\\", "\\\\").replace("<", "&lt;").replace(">", "&gt;").replace("*", "\\*").replace("_", "\\_")
                .replace("`", "\\`").replace("[", "\\[").replace("]", "\\]");
    }

    private ReportMarkdown() {
    }
}
