package io.evalstream.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SeedSummaryTest {

    private static AccuracyStats stats(String model, long correct, long n) {
        return new StatsCounts("r", "answer_match", "1", model, Benchmark.MMLU, "all", n, correct, 0, Map.of(), 0).toAvro();
    }

    @Test
    void modelIdsEndingInAtSeedNAreSeedsOfOneConfiguration() {
        assertEquals("lora-r16", SeedSummary.configurationOf("lora-r16@seed1"));
        assertEquals("lora@r16", SeedSummary.configurationOf("lora@r16@seed12"));
        assertNull(SeedSummary.configurationOf("lora-r16"));
        assertNull(SeedSummary.configurationOf("lora-r16@seedx"));
    }

    /** Accuracies 0.48, 0.50, 0.55: mean 0.51, sample std-dev sqrt(((-.03)^2 + (-.01)^2 + .04^2) / 2) = sqrt(0.0013). */
    @Test
    void meanAndSampleStdDevAcrossSeeds() {
        List<SeedSummary> summaries = SeedSummary.of(List.of(stats("base", 40, 150),
                stats("lora@seed1", 72, 150), stats("lora@seed2", 75, 150), stats("lora@seed3", 165, 300)));
        assertEquals(1, summaries.size());
        SeedSummary s = summaries.get(0);
        assertEquals("lora", s.model());
        assertEquals(List.of("lora@seed1", "lora@seed2", "lora@seed3"), s.modelIds());
        assertEquals(0.51, s.meanAccuracy(), 1e-12);
        assertEquals(Math.sqrt(0.0013), s.stdDevAccuracy(), 1e-12);
    }

    @Test
    void theTableShowsTheSeedSummary(@TempDir Path state) {
        RunResults results = TestSupport.cleanPassResults("seeds", TestSupport.runScores("seeds"), state);
        String table = ResultTable.render(results);
        assertTrue(table.matches("(?s).*across seeds.*\\blora-r16\\s+all\\s+2\\b.*lora-r16@seed1, lora-r16@seed2.*"), table);
        assertTrue(table.indexOf("  base ") < table.indexOf("  lora-r16@seed1 "), "the base model's rows come first");
    }

    @Test
    void oneSeedHasNoSpreadAndJsonSaysNull() {
        List<SeedSummary> summaries = SeedSummary.of(List.of(stats("lora@seed1", 72, 150)));
        assertTrue(Double.isNaN(summaries.get(0).stdDevAccuracy()));
        assertNull(ResultJson.seeds(summaries).get(0).get("std_dev_accuracy_sample"));
    }
}
