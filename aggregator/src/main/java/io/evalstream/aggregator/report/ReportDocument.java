package io.evalstream.aggregator.report;

import java.util.List;
import java.util.Map;

/**
 * The report as a sequence of sections made of a few kinds of blocks, so the HTML and the Markdown
 * renderings are the same content by construction: each renderer only decides how a block looks.
 */
public record ReportDocument(String title, List<Section> sections) {

    /** A section with an anchor id ("headline", "accuracy", ...) and its blocks. */
    public record Section(String id, String title, List<Block> blocks) {
    }

    /** One piece of a section. */
    public sealed interface Block permits Paragraph, Table, Chart, Fields {
    }

    /**
     * A paragraph of plain text.
     *
     * @param kind "note" (small print), "warning" (something the reader must know), "claim" (a
     *             sentence the numbers support), or "text"
     */
    public record Paragraph(String kind, String text) implements Block {
    }

    /** A table; {@code id} lets a test or a link find it. */
    public record Table(String id, String caption, List<String> header, List<List<Cell>> rows) implements Block {
    }

    /**
     * A table cell: its text, the machine-readable facts behind it as data attributes (HTML only),
     * and a class ("significant", "all", "num", "code") the HTML styles.
     */
    public record Cell(String text, Map<String, String> data, String style) {
        public static Cell of(String text) {
            return new Cell(text, Map.of(), "");
        }

        public static Cell num(String text) {
            return new Cell(text, Map.of(), "num");
        }
    }

    /** A chart: inline SVG in HTML, a file beside the Markdown. */
    public record Chart(String fileName, String caption, String svg) implements Block {
    }

    /** Labelled values, e.g. an error example; a code value is shown verbatim in a monospace box. */
    public record Fields(String title, List<Field> fields) implements Block {
    }

    public record Field(String label, String value, boolean code) {
    }
}
