package io.evalstream.scorer.bench;

import io.evalstream.metrics.spider.SpiderItem;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Stand-ins for model output, made from the gold SQL by deterministic perturbations, so the
 * benchmark scores realistic queries with a realistic mix of outcomes and needs no model.
 * Each synthetic model keeps a different share of the gold queries unchanged.
 */
public final class SyntheticPredictions {
    /** A synthetic model: its name and the share of items it answers with the gold SQL. */
    public record Model(String name, double keepShare) {
    }

    public static final List<Model> MODELS = List.of(new Model("base", 0.55), new Model("lora-r8", 0.70), new Model("lora-r16", 0.80));

    private static final Pattern LIMIT = Pattern.compile("(?i)\\s+LIMIT\\s+\\d+\\s*;?\\s*$");

    private SyntheticPredictions() {
    }

    public static List<String> of(List<SpiderItem> items, int modelIndex) {
        Model model = MODELS.get(modelIndex);
        List<String> out = new ArrayList<>(items.size());
        for (SpiderItem item : items) {
            long h = mix(item.index() * 0x9E3779B97F4A7C15L + modelIndex + 1);
            double u = (h >>> 11) / (double) (1L << 53);
            out.add(u < model.keepShare() ? item.query() : perturb(item.query(), (int) Math.floorMod(h, 5L)));
        }
        return out;
    }

    /** Five kinds of near miss: DISTINCT added, LIMIT dropped or added, order flipped, a table misnamed, no output. */
    static String perturb(String gold, int kind) {
        String lower = gold.toLowerCase(Locale.ROOT);
        switch (kind) {
            case 0:
                return lower.contains("distinct") ? gold.replaceFirst("(?i)distinct ", "") : gold.replaceFirst("(?i)^select ", "SELECT DISTINCT ");
            case 1:
                return LIMIT.matcher(gold).find() ? LIMIT.matcher(gold).replaceFirst("") : gold + " LIMIT 1";
            case 2:
                if (lower.contains(" desc")) {
                    return gold.replaceAll("(?i) desc", " ASC");
                }
                return lower.contains("order by") ? gold.replaceFirst("(?i)(order by [^ ]+( [^ ]+)?)", "$1 DESC") : gold + " ORDER BY 1 DESC";
            case 3:
                return gold.replaceFirst("(?i) from ", " FROM x_");
            default:
                return "";
        }
    }

    /** SplitMix64's finaliser: a fixed, well-spread hash so runs are repeatable. */
    private static long mix(long z) {
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
