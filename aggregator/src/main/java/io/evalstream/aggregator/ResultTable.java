package io.evalstream.aggregator;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Regression;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The run's results as plain-text tables for the terminal: per metric version and benchmark,
 * each model's accuracy with both std-dev forms and the Wilson interval (category "all" first,
 * the categories indented under it), then the seed summaries, then the regression against the
 * base model.
 *
 * <p>Both std-devs are printed because published reports use either: "sd pop" is
 * {@code sqrt(p(1-p))}, "sd sample" is {@code sqrt(n/(n-1) p(1-p))}.
 */
public final class ResultTable {

    public static String render(RunResults results) {
        StringBuilder out = new StringBuilder();
        out.append("Run ").append(results.runId()).append('\n');
        if (results.stats().isEmpty()) {
            return out.append("  no aggregates yet for this run\n").toString();
        }
        Map<String, List<AccuracyStats>> sections = new LinkedHashMap<>();
        for (AccuracyStats s : results.stats()) {
            sections.computeIfAbsent(section(s.getBenchmark().name(), s.getMetric(), s.getMetricVersion()),
                    k -> new ArrayList<>()).add(s);
        }
        for (Map.Entry<String, List<AccuracyStats>> e : sections.entrySet()) {
            out.append('\n').append(e.getKey()).append('\n');
            appendStats(out, baseFirst(e.getValue(), results.regressions()));
            List<SeedSummary> seeds = SeedSummary.of(e.getValue());
            if (!seeds.isEmpty()) {
                appendSeeds(out, seeds);
            }
            // a category with nothing scored on either side (all unscorable) has no comparison to show
            List<Regression> regressions = results.regressions().stream()
                    .filter(r -> section(r.getBenchmark().name(), r.getMetric(), r.getMetricVersion()).equals(e.getKey()))
                    .filter(r -> r.getNBase() + r.getNModel() > 0)
                    .toList();
            if (!regressions.isEmpty()) {
                appendRegressions(out, regressions);
            }
        }
        out.append('\n').append(LEGEND);
        return out.toString();
    }

    static final String LEGEND = String.join("\n",
            "items = scored + unscorable; accuracy, sd and Wilson use the scored items only.",
            "sd pop = sqrt(p(1-p)) (numpy ddof=0); sd sample = sqrt(n/(n-1) p(1-p)) (ddof=1).",
            "regression: base, model, points and change use each model's own scored items; b>m (base right only),",
            "m>b (model right only), McNemar exact p and the paired bootstrap 95% interval (percentile method,",
            "fixed seed) use the paired items, the items both models have scored.") + "\n";

    /** The base model's rows first, then the others in name order, so the reference reads first. */
    private static List<AccuracyStats> baseFirst(List<AccuracyStats> stats, List<Regression> regressions) {
        Set<String> bases = new HashSet<>();
        regressions.forEach(r -> bases.add(r.getBaseModelId()));
        List<AccuracyStats> ordered = new ArrayList<>(stats.stream().filter(s -> bases.contains(s.getModelId())).toList());
        ordered.addAll(stats.stream().filter(s -> !bases.contains(s.getModelId())).toList());
        return ordered;
    }

    private static String section(String benchmark, String metric, String version) {
        return benchmark + " - " + metric + "@" + version;
    }

    private static void appendStats(StringBuilder out, List<AccuracyStats> stats) {
        out.append(String.format(Locale.ROOT, "  %-24s %-18s %6s %7s %8s %9s %9s  %-16s  %s%n",
                "model", "category", "items", "correct", "accuracy", "sd pop", "sd sample", "Wilson 95%", "unscorable"));
        for (AccuracyStats s : stats) {
            boolean all = StatsCounts.ALL.equals(s.getCategory());
            String model = all ? s.getModelId() : "";
            String category = all ? "all" : "  " + s.getCategory();
            out.append(String.format(Locale.ROOT, "  %-24s %-18s %6d %7d %8s %9s %9s  %-16s  %s%n",
                    model, category, s.getN() + s.getUnscorable(), s.getCorrect(),
                    s.getN() == 0 ? "-" : fraction(s.getAccuracy()),
                    s.getN() == 0 ? "-" : fraction(s.getStdDevPopulation()),
                    s.getN() < 2 ? "-" : fraction(s.getStdDevSample()),
                    s.getN() == 0 ? "-" : "[" + fraction(s.getWilsonLow()) + ", " + fraction(s.getWilsonHigh()) + "]",
                    unscorable(s)));
        }
    }

    private static String unscorable(AccuracyStats s) {
        if (s.getUnscorable() == 0) {
            return "0";
        }
        StringBuilder reasons = new StringBuilder();
        s.getUnscorableReasons().entrySet().stream().sorted(Map.Entry.comparingByKey())
                .forEach(r -> reasons.append(reasons.isEmpty() ? "" : ", ").append(r.getKey()).append(": ").append(r.getValue()));
        return s.getUnscorable() + " (" + reasons + ")";
    }

    private static void appendSeeds(StringBuilder out, List<SeedSummary> seeds) {
        out.append(String.format(Locale.ROOT, "  %-24s %-18s %6s %8s %9s  %s%n",
                "across seeds", "category", "seeds", "mean", "sd sample", "models"));
        for (SeedSummary s : seeds) {
            out.append(String.format(Locale.ROOT, "  %-24s %-18s %6d %8s %9s  %s%n",
                    s.model(), s.category(), s.modelIds().size(), fraction(s.meanAccuracy()),
                    Double.isNaN(s.stdDevAccuracy()) ? "-" : fraction(s.stdDevAccuracy()), String.join(", ", s.modelIds())));
        }
    }

    private static void appendRegressions(StringBuilder out, List<Regression> regressions) {
        Regression first = regressions.get(0);
        out.append(String.format(Locale.ROOT, "  %-24s %-18s %6s %6s %6s %8s %8s %8s %9s %5s %5s %9s  %s%n",
                "vs " + first.getBaseModelId(), "category", "n base", "n mod", "paired", "base", "model",
                "points", "change", "b>m", "m>b", "McNemar p", "bootstrap 95% (points)"));
        for (Regression r : regressions) {
            boolean all = StatsCounts.ALL.equals(r.getCategory());
            out.append(String.format(Locale.ROOT, "  %-24s %-18s %6d %6d %6d %8s %8s %8s %9s %5d %5d %9s  %s%n",
                    all ? r.getModelId() : "", all ? "all" : "  " + r.getCategory(),
                    r.getNBase(), r.getNModel(), r.getNPaired(),
                    percent(r.getBaseAccuracy()), percent(r.getModelAccuracy()),
                    signed(r.getDiffPoints(), 2), r.getRelativePercent() == null ? "-" : signed(r.getRelativePercent(), 1) + "%",
                    r.getBaseOnlyCorrect(), r.getModelOnlyCorrect(),
                    r.getNPaired() == 0 ? "-" : pValue(r.getMcnemarP()),
                    r.getNPaired() == 0 ? "-" : "[" + signed(r.getBootstrapLow(), 2) + ", " + signed(r.getBootstrapHigh(), 2) + "]"));
        }
    }

    static String fraction(double x) {
        return String.format(Locale.ROOT, "%.3f", x);
    }

    static String percent(double fraction) {
        return Double.isNaN(fraction) ? "-" : String.format(Locale.ROOT, "%.2f%%", 100 * fraction);
    }

    static String signed(double x, int decimals) {
        return Double.isNaN(x) ? "-" : String.format(Locale.ROOT, "%+." + decimals + "f", x);
    }

    static String pValue(double p) {
        return p < 1e-4 ? String.format(Locale.ROOT, "%.1e", p) : String.format(Locale.ROOT, "%.4f", p);
    }

    private ResultTable() {
    }
}
