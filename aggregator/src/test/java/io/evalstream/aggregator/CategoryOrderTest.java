package io.evalstream.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** Categories read in their natural order everywhere: "all", then easy, medium, hard, extra; STEM, humanities, social sciences. */
class CategoryOrderTest {

    @Test
    void spiderHardnessAndMmluCategoriesSortNaturallyNotAlphabetically() {
        assertEquals(List.of("all", "easy", "medium", "hard", "extra", "unknown"),
                Stream.of("extra", "unknown", "hard", "all", "medium", "easy").sorted(CategoryOrder.of(Benchmark.SPIDER)).toList());
        assertEquals(List.of("all", "STEM", "humanities", "social_sciences", "other"),
                Stream.of("social_sciences", "other", "humanities", "all", "STEM").sorted(CategoryOrder.of(Benchmark.MMLU)).toList());
    }

    @Test
    void runResultsListStatisticsInThatOrder() {
        List<AccuracyStats> stats = Stream.of("extra", "hard", "all", "medium", "easy")
                .map(c -> new StatsCounts("r", "m", "1", "base", Benchmark.SPIDER, c, 1, 1, 0, Map.of(), 0).toAvro())
                .toList();
        assertEquals(List.of("all", "easy", "medium", "hard", "extra"),
                new RunResults("r", stats, List.of()).stats().stream().map(AccuracyStats::getCategory).toList());
    }
}
