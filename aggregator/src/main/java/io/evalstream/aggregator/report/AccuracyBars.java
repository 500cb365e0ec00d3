package io.evalstream.aggregator.report;

import io.evalstream.schemas.AccuracyStats;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Accuracy bars of one benchmark as inline SVG: a group per category (in natural order, "all"
 * first), a bar per model with its Wilson 95% interval as a whisker. A category with nothing
 * scored yet is drawn as "pending", so a live view never silently drops it. Bars carry
 * {@code data-model}, {@code data-category} and {@code data-accuracy}.
 */
public final class AccuracyBars {
    private static final int HEIGHT = 260;
    private static final int LEFT = 48;
    private static final int TOP = 28;
    private static final int BOTTOM = 64;
    private static final int BAR = 18;
    private static final int GAP = 22;

    /**
     * @param stats      one benchmark's statistics under one metric version
     * @param categories the categories to draw, in order; those without statistics show as pending
     */
    public static String svg(String title, List<AccuracyStats> stats, List<String> categories) {
        Set<String> models = new LinkedHashSet<>();
        Map<String, AccuracyStats> byKey = new TreeMap<>();
        for (AccuracyStats s : stats) {
            models.add(s.getModelId());
            byKey.put(s.getModelId() + "\u0000" + s.getCategory(), s);
        }
        List<String> modelList = new ArrayList<>(models);
        // wide enough for the longest category label under each group, and for the title
        int longest = categories.stream().mapToInt(String::length).max().orElse(3);
        int groupWidth = Math.max(Math.max(1, modelList.size()) * BAR + GAP, 7 * longest + 8);
        int width = Math.max(LEFT + categories.size() * groupWidth + 16, 7 * title.length() + LEFT);
        ChartAxis y = ChartAxis.fixed(0, 1, 0.2, HEIGHT - BOTTOM, TOP);
        StringBuilder svg = new StringBuilder();
        svg.append(String.format(Locale.ROOT, "<svg class=\"chart accuracy-bars\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\" "
                + "height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">", width, HEIGHT, width, HEIGHT,
                Markup.escape(title)));
        // scoped to these charts: an inline SVG's style sheet applies to the whole page it sits in
        svg.append("<style>.accuracy-bars text{font:11px sans-serif;fill:#333}.accuracy-bars .tick{stroke:#e6e6e6}"
                + ".accuracy-bars .whisker{stroke:#333}.accuracy-bars .pending{fill:#999;font-style:italic}</style>");
        svg.append(LearningForgettingChart.text(LEFT, 16, "start", title));
        for (double t : y.ticks()) {
            svg.append(String.format(Locale.ROOT, "<line class=\"tick\" x1=\"%d\" y1=\"%.1f\" x2=\"%d\" y2=\"%.1f\"/>",
                    LEFT, y.pixel(t), width - 16, y.pixel(t)));
            svg.append(LearningForgettingChart.text(LEFT - 6, y.pixel(t) + 4, "end", String.format(Locale.ROOT, "%.0f%%", 100 * t)));
        }
        for (int c = 0; c < categories.size(); c++) {
            String category = categories.get(c);
            double x0 = LEFT + c * groupWidth + (groupWidth - modelList.size() * BAR) / 2.0;
            boolean any = false;
            for (int m = 0; m < modelList.size(); m++) {
                AccuracyStats s = byKey.get(modelList.get(m) + "\u0000" + category);
                if (s == null || s.getN() == 0) {
                    continue;
                }
                any = true;
                bar(svg, s, x0 + m * BAR, y, LearningForgettingChart.PALETTE[m % LearningForgettingChart.PALETTE.length]);
            }
            if (!any) {
                svg.append(String.format(Locale.ROOT, "<text class=\"pending\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\" "
                        + "data-category=\"%s\">pending</text>", x0 + modelList.size() * BAR / 2.0, y.pixel(0.5),
                        Markup.escape(category)));
            }
            svg.append(LearningForgettingChart.text(x0 + modelList.size() * BAR / 2.0, HEIGHT - BOTTOM + 16, "middle", category));
        }
        legend(svg, modelList);
        svg.append("</svg>");
        return svg.toString();
    }

    private static void bar(StringBuilder svg, AccuracyStats s, double x, ChartAxis y, String color) {
        double top = y.pixel(s.getAccuracy());
        svg.append(String.format(Locale.ROOT, "<rect class=\"bar\" x=\"%.1f\" y=\"%.1f\" width=\"%d\" height=\"%.1f\" fill=\"%s\" "
                        + "data-model=\"%s\" data-category=\"%s\" data-accuracy=\"%s\"><title>%s %s: %s (%d/%d), Wilson %s</title></rect>",
                x + 1, top, BAR - 2, y.pixel(0) - top, color, Markup.escape(s.getModelId()), Markup.escape(s.getCategory()),
                s.getAccuracy(), Markup.escape(s.getModelId()), Markup.escape(s.getCategory()), ReportNumbers.percent(s.getAccuracy()),
                s.getCorrect(), s.getN(), ReportNumbers.fractionInterval(s.getWilsonLow(), s.getWilsonHigh())));
        double mid = x + BAR / 2.0;
        svg.append(String.format(Locale.ROOT, "<line class=\"whisker\" x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\"/>",
                mid, y.pixel(s.getWilsonLow()), mid, y.pixel(s.getWilsonHigh())));
    }

    private static void legend(StringBuilder svg, List<String> models) {
        double x = LEFT;
        for (int m = 0; m < models.size(); m++) {
            svg.append(String.format(Locale.ROOT, "<rect x=\"%.1f\" y=\"%d\" width=\"10\" height=\"10\" fill=\"%s\"/>", x,
                    HEIGHT - 22, LearningForgettingChart.PALETTE[m % LearningForgettingChart.PALETTE.length]));
            svg.append(LearningForgettingChart.text(x + 14, HEIGHT - 13, "start", models.get(m)));
            x += 24 + 7 * models.get(m).length();
        }
    }

    private AccuracyBars() {
    }
}
