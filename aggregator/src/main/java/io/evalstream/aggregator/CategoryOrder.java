package io.evalstream.aggregator;

import io.evalstream.schemas.Benchmark;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/**
 * The natural order of a benchmark's categories, used wherever categories are listed: "all"
 * first, then Spider's hardness from easy to extra and MMLU's categories in the order of the
 * original paper; anything else (e.g. "unknown" hardness) after them, by name. Alphabetical order
 * would put "extra" between "easy" and "hard".
 */
public final class CategoryOrder {
    public static final List<String> SPIDER = List.of("easy", "medium", "hard", "extra");
    public static final List<String> MMLU = List.of("STEM", "humanities", "social_sciences");

    /** Categories every run of the benchmark is expected to have, in order; the live view shows the missing ones as pending. */
    public static List<String> expected(Benchmark benchmark) {
        return benchmark == Benchmark.SPIDER ? SPIDER : MMLU;
    }

    /** Orders categories of one benchmark; "all" first. */
    public static Comparator<String> of(Benchmark benchmark) {
        return Comparator.comparingInt((String c) -> rank(benchmark, c)).thenComparing(Comparator.naturalOrder());
    }

    /** 0 for "all", then the position in the natural order, then every other category at one rank. */
    public static int rank(Benchmark benchmark, String category) {
        if (StatsCounts.ALL.equals(category)) {
            return 0;
        }
        int i = expected(benchmark).indexOf(category);
        if (i < 0 && benchmark == Benchmark.MMLU && "other".equals(category)) {
            return MMLU.size() + 1;
        }
        return i < 0 ? 100 : i + 1;
    }

    /** A sort key that puts categories in their natural order when compared as strings. */
    static String sortKey(Benchmark benchmark, String category) {
        return String.format(Locale.ROOT, "%03d%s", rank(benchmark, category), category);
    }

    private CategoryOrder() {
    }
}
