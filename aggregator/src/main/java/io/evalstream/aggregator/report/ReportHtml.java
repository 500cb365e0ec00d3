package io.evalstream.aggregator.report;

import java.util.Locale;
import java.util.Map;

/**
 * The report as one self-contained HTML page: styles inline, charts as inline SVG, no script and
 * nothing fetched, so it opens offline and can be mailed as one file. Every text from a run
 * (questions, replies, SQL) is escaped.
 */
public final class ReportHtml {
    private static final String STYLE = """
            body{font:14px/1.45 system-ui,-apple-system,"Segoe UI",sans-serif;color:#222;margin:0 auto;max-width:1180px;padding:1.5em}
            h1{font-size:1.6em;margin-bottom:.2em}h2{margin-top:2em;border-bottom:2px solid #ddd;padding-bottom:.2em}
            nav a{margin-right:1em}table{border-collapse:collapse;margin:.6em 0 1.4em;font-size:13px}
            caption{text-align:left;font-weight:600;padding:.3em 0}th,td{padding:3px 9px;border-bottom:1px solid #e3e3e3;text-align:left;vertical-align:top}
            th{background:#f5f5f5}td.num{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
            td.all{font-weight:600;white-space:nowrap}td.code,pre{font-family:ui-monospace,Menlo,Consolas,monospace;font-size:12px}
            td.significant{background:#fde2e1;color:#a40000;font-weight:600}
            p.note{color:#666;font-size:12.5px}p.claim{font-weight:500}p.warning{background:#fff4d6;border-left:4px solid #e0a800;padding:.5em .8em}
            figure{margin:1em 0}figcaption{color:#555;font-size:12.5px}
            .fields{border:1px solid #e3e3e3;border-radius:4px;padding:.4em .8em;margin:.8em 0}.fields h3{font-size:1em;margin:.3em 0}
            .fields dt{font-weight:600;color:#555;margin-top:.3em}.fields dd{margin:0 0 0 1em}
            pre{background:#f7f7f7;padding:.4em .6em;white-space:pre-wrap;word-break:break-word;margin:.2em 0}
            footer{color:#888;font-size:12px;margin-top:3em}
            """;

    public static String render(ReportDocument doc, String generatedBy) {
        StringBuilder out = new StringBuilder();
        out.append("<!doctype html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n<title>")
                .append(Markup.escape(doc.title())).append("</title>\n<style>").append(STYLE).append("</style>\n</head>\n<body>\n");
        out.append("<h1>").append(Markup.escape(doc.title())).append("</h1>\n<nav>");
        doc.sections().forEach(s -> out.append("<a href=\"#").append(s.id()).append("\">").append(Markup.escape(s.title())).append("</a>"));
        out.append("</nav>\n");
        for (ReportDocument.Section section : doc.sections()) {
            out.append("<section id=\"").append(section.id()).append("\">\n<h2>").append(Markup.escape(section.title())).append("</h2>\n");
            section.blocks().forEach(b -> block(out, b));
            out.append("</section>\n");
        }
        out.append("<footer>").append(Markup.escape(generatedBy)).append("</footer>\n</body>\n</html>\n");
        return out.toString();
    }

    private static void block(StringBuilder out, ReportDocument.Block block) {
        if (block instanceof ReportDocument.Paragraph p) {
            out.append("<p class=\"").append(p.kind()).append("\">").append(Markup.escape(p.text())).append("</p>\n");
        } else if (block instanceof ReportDocument.Table t) {
            table(out, t);
        } else if (block instanceof ReportDocument.Chart c) {
            out.append("<figure>").append(c.svg()).append("<figcaption>").append(Markup.escape(c.caption()))
                    .append("</figcaption></figure>\n");
        } else if (block instanceof ReportDocument.Fields f) {
            out.append("<div class=\"fields\"><h3>").append(Markup.escape(f.title())).append("</h3><dl>");
            for (ReportDocument.Field field : f.fields()) {
                out.append("<dt>").append(Markup.escape(field.label())).append("</dt><dd>")
                        .append(field.code() ? "<pre>" + Markup.escape(field.value()) + "</pre>" : Markup.escape(field.value()))
                        .append("</dd>");
            }
            out.append("</dl></div>\n");
        }
    }

    private static void table(StringBuilder out, ReportDocument.Table t) {
        out.append("<table id=\"").append(Markup.escape(slug(t.id()))).append("\"><caption>").append(Markup.escape(t.caption()))
                .append("</caption>\n<tr>");
        t.header().forEach(h -> out.append("<th>").append(Markup.escape(h)).append("</th>"));
        out.append("</tr>\n");
        for (var row : t.rows()) {
            out.append("<tr>");
            for (ReportDocument.Cell cell : row) {
                out.append("<td");
                if (!cell.style().isEmpty()) {
                    out.append(" class=\"").append(Markup.escape(cell.style())).append('"');
                }
                for (Map.Entry<String, String> d : cell.data().entrySet()) {
                    out.append(" data-").append(d.getKey()).append("=\"").append(Markup.escape(d.getValue())).append('"');
                }
                out.append('>').append(Markup.escape(cell.text())).append("</td>");
            }
            out.append("</tr>\n");
        }
        out.append("</table>\n");
    }

    /** An HTML id from a table's name: letters, digits and dashes. */
    static String slug(String id) {
        return id.replaceAll("[^A-Za-z0-9]+", "-").replaceAll("(^-|-$)", "").toLowerCase(Locale.ROOT);
    }

    private ReportHtml() {
    }
}
