package io.evalstream.aggregator;

import static io.evalstream.aggregator.TestScores.spider;
import static io.evalstream.aggregator.TestScores.statsKey;
import static io.evalstream.aggregator.TestScores.unscorable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RegressionTopologyTest {
    private static final String RUN = "run-r";

    @TempDir
    Path stateDir;

    /**
     * item  category  base  lora
     * 1     easy      right right   both right
     * 2     easy      right wrong   base only
     * 3     easy      wrong right   model only
     * 4     hard      wrong right   model only
     * 5     hard      wrong wrong   both wrong
     * 6     hard      -     right   lora only so far: not paired
     * 7     unknown   unscorable on both
     */
    private static List<Score> scores(String base) {
        return List.of(
                spider(RUN, base, "i1", "easy", true), spider(RUN, "lora", "i1", "easy", true),
                spider(RUN, base, "i2", "easy", true), spider(RUN, "lora", "i2", "easy", false),
                spider(RUN, base, "i3", "easy", false), spider(RUN, "lora", "i3", "easy", true),
                spider(RUN, base, "i4", "hard", false), spider(RUN, "lora", "i4", "hard", true),
                spider(RUN, base, "i5", "hard", false), spider(RUN, "lora", "i5", "hard", false),
                spider(RUN, "lora", "i6", "hard", true),
                unscorable(RUN, base, "i7", "wta_1"), unscorable(RUN, "lora", "i7", "wta_1"));
    }

    private Map<String, Regression> run(RegressionOptions options, List<Score> input, List<Score> thenInput) {
        try (TopologyTestDriver driver = new TopologyTestDriver(AggregatorTopology.build(options),
                AggregatorApp.config("unused:9092", "regression-test", stateDir))) {
            TestInputTopic<String, Score> in = driver.createInputTopic(Topics.SCORES.name(), Topics.SCORES.keySerde().serializer(),
                    Topics.SCORES.valueSerde().serializer());
            TestOutputTopic<String, Regression> out = driver.createOutputTopic(Topics.REGRESSION.name(),
                    Topics.REGRESSION.keySerde().deserializer(), Topics.REGRESSION.valueSerde().deserializer());
            TestScores.pipe(driver, TestScores.countsOnly(RUN));
            input.forEach(s -> in.pipeInput(s.getScoreId(), s));
            Map<String, Regression> latest = out.readKeyValuesToMap();
            thenInput.forEach(s -> in.pipeInput(s.getScoreId(), s));
            latest.putAll(out.readKeyValuesToMap());
            return latest;
        }
    }

    @Test
    void pairsByItemPerCategoryAndInAggregate() {
        Map<String, Regression> latest = run(RegressionOptions.defaults(), scores("base"), List.of());
        assertNull(latest.get(statsKey(RUN, "base", Benchmark.SPIDER, "all")), "the base is not compared with itself");
        latest.forEach((key, regression) -> assertEquals(Topics.REGRESSION.key(regression), key, "keyed as its topic says"));

        Regression all = latest.get(statsKey(RUN, "lora", Benchmark.SPIDER, "all"));
        assertEquals("base", all.getBaseModelId());
        assertEquals(5, all.getNBase());
        assertEquals(6, all.getNModel());
        assertEquals(5, all.getNPaired());
        assertEquals(2, all.getBaseCorrect());
        assertEquals(4, all.getModelCorrect());
        assertEquals(1, all.getBaseOnlyCorrect());
        assertEquals(2, all.getModelOnlyCorrect());
        assertEquals(100 * (4.0 / 6 - 2.0 / 5), all.getDiffPoints(), 1e-9);
        assertEquals(100 * (4.0 / 6 - 2.0 / 5) / (2.0 / 5), all.getRelativePercent(), 1e-9);
        // n = 3 discordant, k = 1: 2 * (1 + 3) / 8 = 1
        assertEquals(1.0, all.getMcnemarP(), 1e-12);
        assertTrue(all.getBootstrapLow() <= 20 && all.getBootstrapHigh() >= 20, "paired difference is +1/5 = 20 points");

        Regression easy = latest.get(statsKey(RUN, "lora", Benchmark.SPIDER, "easy"));
        assertEquals(3, easy.getNPaired());
        assertEquals(1, easy.getBaseOnlyCorrect());
        assertEquals(1, easy.getModelOnlyCorrect());
        Regression hard = latest.get(statsKey(RUN, "lora", Benchmark.SPIDER, "hard"));
        assertEquals(2, hard.getNBase());
        assertEquals(3, hard.getNModel());
        assertEquals(2, hard.getNPaired());
        assertNull(hard.getRelativePercent(), "base accuracy 0: no relative change");
    }

    @Test
    void aLateBaseVerdictCompletesThePairAndReplaysChangeNothing() {
        List<Score> late = new ArrayList<>(List.of(spider(RUN, "base", "i6", "hard", true)));
        late.addAll(scores("base")); // the whole topic again
        Map<String, Regression> latest = run(RegressionOptions.defaults(), scores("base"), late);
        Regression all = latest.get(statsKey(RUN, "lora", Benchmark.SPIDER, "all"));
        assertEquals(6, all.getNBase());
        assertEquals(6, all.getNPaired());
        assertEquals(3, all.getBaseCorrect());
        assertEquals(0.0, all.getDiffPoints() - 100 * (4.0 / 6 - 3.0 / 6), 1e-9);
    }

    @Test
    void arrivalOrderDoesNotMatter() {
        List<Score> shuffled = new ArrayList<>(scores("base"));
        Collections.reverse(shuffled);
        Map<String, Regression> forward = run(RegressionOptions.defaults(), scores("base"), List.of());
        Map<String, Regression> backward = run(RegressionOptions.defaults(), shuffled, List.of());
        assertEquals(forward.keySet(), backward.keySet());
        for (String key : forward.keySet()) {
            Regression f = forward.get(key);
            Regression b = backward.get(key);
            f.setUpdatedAt(0);
            b.setUpdatedAt(0);
            assertEquals(f.toString(), b.toString(), key); // Avro equals() treats NaN as unequal to itself
        }
    }

    @Test
    void theBaseModelIsAParameter() {
        Map<String, Regression> latest = run(RegressionOptions.defaults().withBaseModel("qwen-0.5b"),
                scores("qwen-0.5b"), List.of());
        Regression all = latest.get(statsKey(RUN, "lora", Benchmark.SPIDER, "all"));
        assertEquals("qwen-0.5b", all.getBaseModelId());
        assertEquals(5, all.getNPaired());
    }
}
