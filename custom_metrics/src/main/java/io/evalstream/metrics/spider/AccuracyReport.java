package io.evalstream.metrics.spider;

import io.evalstream.metrics.Outcome;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Execution accuracy over scorable items, overall and by hardness; unscorable items are
 * listed apart with their reasons and never counted as wrong.
 */
public final class AccuracyReport {
    private static final List<String> LEVELS = List.of("easy", "medium", "hard", "extra", DevSetScorer.UNKNOWN_HARDNESS);

    /** Scored items, correct items and accuracy of one group. */
    public record Row(String group, int scored, int correct) {
        public double accuracy() {
            return scored == 0 ? Double.NaN : (double) correct / scored;
        }
    }

    private final List<ItemVerdict> verdicts;

    public AccuracyReport(List<ItemVerdict> verdicts) {
        this.verdicts = List.copyOf(verdicts);
    }

    public Row overall() {
        return row("all", verdicts);
    }

    /** Rows for easy, medium, hard, extra (and unknown, only when present). */
    public List<Row> byHardness() {
        List<Row> rows = new ArrayList<>();
        for (String level : LEVELS) {
            List<ItemVerdict> group = verdicts.stream().filter(v -> v.hardness().equals(level)).toList();
            if (!group.isEmpty() || !level.equals(DevSetScorer.UNKNOWN_HARDNESS)) {
                rows.add(row(level, group));
            }
        }
        return rows;
    }

    public Map<Outcome, Integer> outcomeCounts() {
        Map<Outcome, Integer> counts = new TreeMap<>();
        verdicts.forEach(v -> counts.merge(v.outcome(), 1, Integer::sum));
        return counts;
    }

    /** Distinct reasons of unscorable items with how many items each covers. */
    public Map<String, Integer> unscorableReasons() {
        Map<String, Integer> reasons = new LinkedHashMap<>();
        verdicts.stream().filter(v -> !v.outcome().scorable())
                .forEach(v -> reasons.merge(v.outcome().label() + ": " + v.reason(), 1, Integer::sum));
        return reasons;
    }

    public String render(String title) {
        StringBuilder sb = new StringBuilder(title).append('\n');
        sb.append(String.format(Locale.ROOT, "%-8s %7s %8s %9s%n", "level", "scored", "correct", "accuracy"));
        for (Row r : byHardness()) {
            sb.append(format(r));
        }
        sb.append(format(overall()));
        long unscorable = verdicts.stream().filter(v -> !v.outcome().scorable()).count();
        sb.append(String.format(Locale.ROOT, "unscorable: %d of %d items (not counted above)%n", unscorable, verdicts.size()));
        unscorableReasons().forEach((reason, n) -> sb.append(String.format(Locale.ROOT, "  %4d x %s%n", n, reason)));
        sb.append("outcomes:");
        outcomeCounts().forEach((o, n) -> sb.append(' ').append(o.label()).append('=').append(n));
        return sb.append('\n').toString();
    }

    private static String format(Row r) {
        return String.format(Locale.ROOT, "%-8s %7d %8d %8.1f%%%n", r.group(), r.scored(), r.correct(), 100 * r.accuracy());
    }

    private static Row row(String group, List<ItemVerdict> items) {
        int scored = 0;
        int correct = 0;
        for (ItemVerdict v : items) {
            if (v.outcome().scorable()) {
                scored++;
                correct += v.outcome() == Outcome.CORRECT ? 1 : 0;
            }
        }
        return new Row(group, scored, correct);
    }
}
