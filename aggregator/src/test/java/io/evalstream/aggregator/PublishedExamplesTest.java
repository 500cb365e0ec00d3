package io.evalstream.aggregator;

import static io.evalstream.aggregator.TestScores.mmlu;
import static io.evalstream.aggregator.TestScores.spider;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TopologyTestDriver;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Feeding the counts of the published example reports through the topology reproduces their
 * numbers: Spider 36/1034 (base) against 75/1034 (fine-tuned) is 3.48% -> 7.25%, +3.77 points,
 * +108%; MMLU 72/150 prints 0.480 with sample std-dev 0.501, a 16/50 category 0.320 with
 * population std-dev 0.466 (reference_values.py: 39/1034 = 3.7718 points, 39/36 = 108.33%).
 */
class PublishedExamplesTest {
    private static final String RUN = "published";

    @TempDir
    Path stateDir;

    @Test
    void reproducesThePublishedTables() {
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < 1034; i++) {
            String item = "spider-dev-" + i;
            // items 0-29 both right, 30-35 base only, 36-80 model only: 36 and 75 right
            scores.add(spider(RUN, "base", item, "medium", i < 36));
            scores.add(spider(RUN, "lora-r16", item, "medium", i < 30 || (i >= 36 && i < 81)));
        }
        for (int i = 0; i < 150; i++) {
            String category = i < 50 ? "STEM" : i < 100 ? "humanities" : "social_sciences";
            // 72 right overall, 16 of them in STEM
            boolean right = i < 16 || (i >= 50 && i < 106);
            scores.add(mmlu(RUN, "base", "mmlu-" + i, category, right));
        }
        RunResults results = feed(scores);

        AccuracyStats mmlu = find(results, "base", Benchmark.MMLU, "all");
        assertEquals(0.480, mmlu.getAccuracy(), 1e-12);
        assertEquals(0.5012735458661617, mmlu.getStdDevSample(), 1e-12);
        AccuracyStats stem = find(results, "base", Benchmark.MMLU, "STEM");
        assertEquals(0.320, stem.getAccuracy(), 1e-12);
        assertEquals(0.466476151587624, stem.getStdDevPopulation(), 1e-12);

        Regression spider = results.regressions().stream()
                .filter(r -> r.getBenchmark() == Benchmark.SPIDER && r.getCategory().equals("all")).findFirst().orElseThrow();
        assertEquals(3.771760154738878, spider.getDiffPoints(), 1e-9);
        assertEquals(108.33333333333333, spider.getRelativePercent(), 1e-9);
        assertEquals(6, spider.getBaseOnlyCorrect());
        assertEquals(45, spider.getModelOnlyCorrect());
        assertTrue(spider.getBootstrapLow() > 0 && spider.getBootstrapLow() < spider.getDiffPoints());
        assertTrue(spider.getBootstrapHigh() > spider.getDiffPoints());

        String json = ResultJson.render(results);
        // one scale: fractions, with _points fields for points
        assertTrue(json.contains("\"relative_change\" : 1.0833333333333333"), json);
        assertTrue(json.contains("\"diff\" : 0.03771760154738878"), json);
        assertTrue(json.contains("\"paired_diff_points\" : 3.771760154738878"), json);
        assertTrue(json.contains("\"bootstrap_low\" : " + spider.getBootstrapLow() / 100 + ","), json);
        assertTrue(json.contains("\"bootstrap_low_points\" : " + spider.getBootstrapLow() + ","), json);
        assertTrue(json.contains("\"significant\" : true"), "6 against 45 discordant pairs survive Holm: " + json);
        assertTrue(json.contains("\"unscorable_reasons\" : { }"), json);

        String table = ResultTable.render(results);
        System.out.println(table);
        assertTrue(table.contains("3.48%"), table);
        assertTrue(table.contains("7.25%"), table);
        assertTrue(table.contains("+3.77"), table);
        assertTrue(table.contains("+108.3%"), table);
        assertTrue(table.matches("(?s).*\\bbase\\s+all\\s+150\\s+72\\s+0\\.480\\s+0\\.500\\s+0\\.501\\b.*"), table);
        assertTrue(table.matches("(?s).*\\bSTEM\\s+50\\s+16\\s+0\\.320\\s+0\\.466\\s+0\\.471\\b.*"), table);
    }

    private RunResults feed(List<Score> scores) {
        try (TopologyTestDriver driver = new TopologyTestDriver(AggregatorTopology.build(),
                AggregatorApp.config("unused:9092", "published-test", stateDir))) {
            TestInputTopic<String, Score> in = driver.createInputTopic(Topics.SCORES.name(), Topics.SCORES.keySerde().serializer(),
                    Topics.SCORES.valueSerde().serializer());
            TestScores.pipe(driver, TestScores.expecting(RUN, scores));
            in.pipeKeyValueList(scores.stream().map(s -> new KeyValue<>(s.getScoreId(), s)).toList());
            List<AccuracyStats> stats = new ArrayList<>(driver.createOutputTopic(Topics.AGGREGATES.name(),
                    Topics.AGGREGATES.keySerde().deserializer(), Topics.AGGREGATES.valueSerde().deserializer()).readKeyValuesToMap().values());
            List<Regression> regressions = new ArrayList<>(driver.createOutputTopic(Topics.REGRESSION.name(),
                    Topics.REGRESSION.keySerde().deserializer(), Topics.REGRESSION.valueSerde().deserializer()).readKeyValuesToMap().values());
            return new RunResults(RUN, stats, regressions);
        }
    }

    private static AccuracyStats find(RunResults results, String model, Benchmark benchmark, String category) {
        return results.stats().stream()
                .filter(s -> s.getModelId().equals(model) && s.getBenchmark() == benchmark && s.getCategory().equals(category))
                .findFirst().orElseThrow();
    }
}
