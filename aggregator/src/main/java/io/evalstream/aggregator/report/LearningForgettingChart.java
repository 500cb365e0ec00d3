package io.evalstream.aggregator.report;

import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The learning-forgetting chart as inline SVG: Spider change (what fine-tuning was for) across,
 * MMLU change (what it may have cost) up, in points against the base model, one point per
 * fine-tuned model with both paired-bootstrap 95% intervals as error bars, the form the LoRA
 * forgetting literature plots. Each point carries its numbers as data attributes
 * ({@code data-model}, {@code data-spider-points}, {@code data-mmlu-points}), so a test can read them.
 */
public final class LearningForgettingChart {
    static final int WIDTH = 620;
    static final int HEIGHT = 420;
    private static final int LEFT = 64;
    private static final int RIGHT = 24;
    private static final int TOP = 24;
    private static final int BOTTOM = 56;
    static final String[] PALETTE = {"#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"};

    /** The chart of the models that have both a Spider and an MMLU change; a short note when none has. */
    public static String svg(List<StudyReport.Headline> headline) {
        List<StudyReport.Headline> points = headline.stream().filter(h -> h.spider() != null && h.mmlu() != null).toList();
        if (points.isEmpty()) {
            return "<p class=\"note\">The learning–forgetting chart needs a fine-tuned model with both a Spider and an"
                    + " MMLU comparison against the base model; this run has none yet.</p>";
        }
        List<Double> xs = new ArrayList<>();
        List<Double> ys = new ArrayList<>();
        for (StudyReport.Headline h : points) {
            add(xs, h.spider().regression());
            add(ys, h.mmlu().regression());
        }
        ChartAxis x = ChartAxis.covering(xs, LEFT, WIDTH - RIGHT, 4);
        ChartAxis y = ChartAxis.covering(ys, HEIGHT - BOTTOM, TOP, 4);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart learning-forgetting\" xmlns=\"http://www.w3.org/2000/svg\" "
                + "width=\"%d\" height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"Learning-forgetting chart: "
                + "Spider change against MMLU change per fine-tuned model\">", WIDTH, HEIGHT, WIDTH, HEIGHT));
        // scoped to this chart: an inline SVG's style sheet applies to the whole page it sits in
        svg.append("<style>.learning-forgetting text{font:12px sans-serif;fill:#333}.learning-forgetting .tick{stroke:#e6e6e6}"
                + ".learning-forgetting .zero{stroke:#888;stroke-dasharray:4 3}.learning-forgetting .frame{fill:none;stroke:#999}"
                + ".learning-forgetting .bar{stroke-width:1.5}.learning-forgetting .quad{fill:#999;font-size:11px}</style>");
        axes(svg, x, y);
        for (int i = 0; i < points.size(); i++) {
            point(svg, points.get(i), x, y, PALETTE[i % PALETTE.length]);
        }
        svg.append("</svg>");
        return svg.toString();
    }

    private static void add(List<Double> values, Regression r) {
        values.add(r.getDiffPoints());
        values.add(r.getBootstrapLow());
        values.add(r.getBootstrapHigh());
    }

    private static void axes(StringBuilder svg, ChartAxis x, ChartAxis y) {
        for (double t : x.ticks()) {
            double px = x.pixel(t);
            svg.append(line(px, y.pixelTo(), px, y.pixelFrom(), "tick"))
                    .append(text(px, y.pixelFrom() + 16, "middle", tick(t)));
        }
        for (double t : y.ticks()) {
            double py = y.pixel(t);
            svg.append(line(x.pixelFrom(), py, x.pixelTo(), py, "tick"))
                    .append(text(x.pixelFrom() - 6, py + 4, "end", tick(t)));
        }
        svg.append(line(x.pixel(0), y.pixelTo(), x.pixel(0), y.pixelFrom(), "zero"))
                .append(line(x.pixelFrom(), y.pixel(0), x.pixelTo(), y.pixel(0), "zero"))
                .append(String.format(Locale.ROOT, "<rect class=\"frame\" x=\"%.1f\" y=\"%.1f\" width=\"%.1f\" height=\"%.1f\"/>",
                        x.pixelFrom(), y.pixelTo(), x.pixelTo() - x.pixelFrom(), y.pixelFrom() - y.pixelTo()))
                .append(text((x.pixelFrom() + x.pixelTo()) / 2, HEIGHT - 14, "middle",
                        "Spider execution accuracy change (points) → gained"))
                .append(String.format(Locale.ROOT, "<text transform=\"translate(16 %.1f) rotate(-90)\" text-anchor=\"middle\">"
                        + "MMLU accuracy change (points) ↓ forgotten</text>", (y.pixelFrom() + y.pixelTo()) / 2))
                .append(quadrant(x.pixelTo() - 6, y.pixelTo() + 14, "end", "learned, kept"))
                .append(quadrant(x.pixelTo() - 6, y.pixelFrom() - 6, "end", "learned, forgot"));
    }

    private static void point(StringBuilder svg, StudyReport.Headline h, ChartAxis x, ChartAxis y, String color) {
        Regression s = h.spider().regression();
        Regression m = h.mmlu().regression();
        double cx = x.pixel(s.getDiffPoints());
        double cy = y.pixel(m.getDiffPoints());
        String stroke = "stroke=\"" + color + "\"";
        svg.append("<g class=\"adapter\">");
        if (Double.isFinite(s.getBootstrapLow())) {
            double x0 = x.pixel(s.getBootstrapLow());
            double x1 = x.pixel(s.getBootstrapHigh());
            svg.append(bar(x0, cy, x1, cy, stroke)).append(bar(x0, cy - 4, x0, cy + 4, stroke)).append(bar(x1, cy - 4, x1, cy + 4, stroke));
        }
        if (Double.isFinite(m.getBootstrapLow())) {
            double y0 = y.pixel(m.getBootstrapLow());
            double y1 = y.pixel(m.getBootstrapHigh());
            svg.append(bar(cx, y0, cx, y1, stroke)).append(bar(cx - 4, y0, cx + 4, y0, stroke)).append(bar(cx - 4, y1, cx + 4, y1, stroke));
        }
        svg.append(String.format(Locale.ROOT, "<circle class=\"point\" cx=\"%.2f\" cy=\"%.2f\" r=\"5\" fill=\"%s\" "
                        + "data-model=\"%s\" data-spider-points=\"%s\" data-mmlu-points=\"%s\"><title>%s: Spider %s [%s, %s], "
                        + "MMLU %s [%s, %s] points</title></circle>", cx, cy, color, Markup.escape(h.modelId()),
                s.getDiffPoints(), m.getDiffPoints(), Markup.escape(h.modelId()), ReportNumbers.points(s.getDiffPoints()),
                ReportNumbers.points(s.getBootstrapLow()), ReportNumbers.points(s.getBootstrapHigh()),
                ReportNumbers.points(m.getDiffPoints()), ReportNumbers.points(m.getBootstrapLow()),
                ReportNumbers.points(m.getBootstrapHigh())));
        svg.append(text(cx + 8, cy - 8, "start", h.modelId())).append("</g>");
    }

    private static String line(double x1, double y1, double x2, double y2, String cls) {
        return String.format(Locale.ROOT, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", cls, x1, y1, x2, y2);
    }

    private static String bar(double x1, double y1, double x2, double y2, String stroke) {
        return String.format(Locale.ROOT, "<line class=\"bar\" %s x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>", stroke, x1, y1, x2, y2);
    }

    static String text(double x, double y, String anchor, String text) {
        return String.format(Locale.ROOT, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor, Markup.escape(text));
    }

    private static String quadrant(double x, double y, String anchor, String text) {
        return String.format(Locale.ROOT, "<text class=\"quad\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>", x, y, anchor,
                Markup.escape(text));
    }

    private static String tick(double t) {
        double rounded = Math.abs(t) < 1e-9 ? 0 : t;
        String s = rounded == Math.rint(rounded) ? String.format(Locale.ROOT, "%.0f", rounded)
                : String.format(Locale.ROOT, "%.1f", rounded);
        return rounded > 0 ? "+" + s : s;
    }

    private LearningForgettingChart() {
    }
}
