package io.evalstream.aggregator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.aggregator.report.ReportDocument;
import io.evalstream.aggregator.report.ReportHtml;
import io.evalstream.aggregator.report.ReportMarkdown;
import io.evalstream.aggregator.report.ReportSections;
import io.evalstream.aggregator.report.StudyReport;
import io.evalstream.aggregator.report.StudyReportAssembler;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.AdapterInfo;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Regression;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The study report of a small run: its headline is the published regression, its clustered
 * standard errors match the formula computed here by hand, its error examples are what they claim
 * (base right, adapter wrong) and are chosen by the run's seed, and run text cannot inject markup.
 */
class StudyReportTest {
    private static final String RUN = "report-run";
    private static final String[] DATABASES = {"concert_singer", "pets_1", "car_1", "flight_2", "world_1"};

    @TempDir
    Path temp;

    /** 50 Spider items over 5 databases, 30 MMLU items over 3 subjects; the adapter is worse on Spider's "hard" items. */
    static List<Score> scores() {
        List<Score> scores = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            String hardness = i % 4 == 0 ? "easy" : i % 4 == 1 ? "medium" : i % 4 == 2 ? "hard" : "extra";
            String db = DATABASES[i % 5];
            boolean base = i % 3 != 0;
            boolean adapter = hardness.equals("hard") ? false : (i % 5 != 1);
            scores.add(TestScores.score(RUN, "base", Benchmark.SPIDER, "spider-dev-" + i, db, hardness, true, base,
                    base ? "correct" : "wrong_result"));
            scores.add(TestScores.score(RUN, "lora", Benchmark.SPIDER, "spider-dev-" + i, db, hardness, true, adapter,
                    adapter ? "correct" : i % 2 == 0 ? "syntax_error" : "unknown_table_or_column"));
        }
        String[] subjects = {"astronomy", "philosophy", "sociology"};
        String[] categories = {"STEM", "humanities", "social_sciences"};
        for (int i = 0; i < 30; i++) {
            boolean base = i % 4 != 0;
            boolean adapter = i % 5 != 0;
            scores.add(TestScores.score(RUN, "base", Benchmark.MMLU, "mmlu-" + i, subjects[i % 3], categories[i % 3], true, base,
                    base ? "correct" : "wrong_choice"));
            scores.add(TestScores.score(RUN, "lora", Benchmark.MMLU, "mmlu-" + i, subjects[i % 3], categories[i % 3], true, adapter,
                    adapter ? "correct" : "wrong_choice"));
        }
        return scores;
    }

    static RunManifest manifest(long seed) {
        AdapterInfo adapter = AdapterInfo.newBuilder().setR(16).setLoraAlpha(32).setLoraDropout(0.05)
                .setTargetModules(List.of("q_proj", "v_proj")).setPeftVersion("0.13.0").setAdapterConfigSha256("ab12")
                .setTrainingSummary("{\"trainer\": \"plain\", \"config\": {\"learning_rate\": 0.0002, \"epochs\": 1},"
                        + " \"steps\": 25, \"epochs_run\": 1, \"loss\": {\"first\": 2.5, \"last\": 0.75}, \"device\": \"cuda:0\","
                        + " \"dtype\": \"bfloat16\"}")
                .setTrainingSummarySha256("cd34").build();
        return RunManifest.newBuilder().setRunId(RUN).setConfigSha256("c0ffee").setSeed(seed)
                .setExpectedItems(Map.of("SPIDER", 50, "MMLU", 30))
                .setModels(List.of(ModelInfo.newBuilder().setModelId("base").setKind("llm").setBase(true).build(),
                        ModelInfo.newBuilder().setModelId("lora").setKind("llm-adapter").setAdapter(adapter).build()))
                .setVersions(Map.of("kafka", "4.3.1", "llm.base.device", "cpu", "llm.base.dtype", "float32")).build();
    }

    private StudyReport report(long seed) {
        List<Score> scores = scores();
        RunResults results = TestSupport.cleanPassResults(RUN, scores, temp.resolve("clean-" + seed));
        RunRecords records = new RunRecords(RUN);
        records.accept(Topics.RUNS.name(), RUN, Topics.RUNS.encode(manifest(seed)));
        for (Score s : scores) {
            records.accept(Topics.SCORES.name(), s.getScoreId(), Topics.SCORES.encode(s));
            Prediction p = Prediction.newBuilder().setPredictionId(s.getPredictionId()).setRunId(RUN).setModelId(s.getModelId())
                    .setBenchmark(s.getBenchmark()).setItemId(s.getItemId()).setGroup(s.getGroup()).setGold("SELECT 1")
                    .setOutput(s.getItemId().equals("spider-dev-2") ? "<script>alert(1)</script>" : "SELECT name FROM x")
                    .setRuntime("cpu, float32").setPromptTemplate("spider-3shot-v1").setPromptSha256("p" + s.getItemId()).build();
            records.accept(Topics.PREDICTIONS.name(), p.getPredictionId(), Topics.PREDICTIONS.encode(p));
        }
        return StudyReportAssembler.assemble(results, records, 3);
    }

    @Test
    void headlineIsThePublishedRegressionAndTheHolmFamilyCoversEveryComparison() {
        StudyReport report = report(1234);
        assertEquals(List.of(), report.warnings(), "the per-item verdicts agree with the published counts");
        assertEquals(1, report.headline().size());
        StudyReport.Headline lora = report.headline().get(0);
        assertEquals("lora", lora.modelId());
        Regression spider = lora.spider().regression();
        assertEquals(Benchmark.SPIDER, spider.getBenchmark());
        assertEquals("all", spider.getCategory());
        // base: 33 of 50 right (i % 3 != 0); adapter: right unless hard or i % 5 == 1
        long baseRight = IntStream.range(0, 50).filter(i -> i % 3 != 0).count();
        long loraRight = IntStream.range(0, 50).filter(i -> i % 4 != 2 && i % 5 != 1).count();
        assertEquals(100.0 * (loraRight - baseRight) / 50, spider.getDiffPoints(), 1e-9);
        long comparisons = report.regressions().stream().filter(r -> r.regression().getNPaired() > 0).count();
        assertEquals(comparisons, report.familySize());
        StudyReport.RegressionRow hard = report.regressions().stream()
                .filter(r -> r.regression().getBenchmark() == Benchmark.SPIDER && r.regression().getCategory().equals("hard"))
                .findFirst().orElseThrow();
        assertTrue(hard.adjustedP() >= hard.regression().getMcnemarP(), "Holm never lowers a p-value");
    }

    @Test
    void aRunThatIsNotFinishedSaysSo() {
        RunManifest bigger = RunManifest.newBuilder(manifest(1)).setExpectedItems(Map.of("SPIDER", 60, "MMLU", 30)).build();
        List<String> warnings = StudyReportAssembler.incomplete(bigger,
                TestSupport.cleanPassResults(RUN, scores(), temp.resolve("incomplete")).stats());
        assertEquals(List.of("base SPIDER: 50 of 60 items counted; the run is not finished (or lost items to dead letters), so"
                + " this report shows a part of it", "lora SPIDER: 50 of 60 items counted; the run is not finished (or lost items"
                + " to dead letters), so this report shows a part of it"), warnings);
    }

    @Test
    void clusteredStandardErrorsFollowTheFormulaWithDatabasesAsClusters() {
        StudyReport report = report(1234);
        StudyReport.AccuracyRow base = report.accuracy().stream()
                .filter(r -> r.stats().getModelId().equals("base") && r.stats().getBenchmark() == Benchmark.SPIDER
                        && r.stats().getCategory().equals("all")).findFirst().orElseThrow();
        // by hand: residuals summed per database, squared, summed; sqrt / n; CR1 factor sqrt(G/(G-1))
        double mean = 33.0 / 50;
        Map<String, Double> sums = new HashMap<>();
        for (int i = 0; i < 50; i++) {
            sums.merge(DATABASES[i % 5], (i % 3 != 0 ? 1 : 0) - mean, Double::sum);
        }
        double meat = sums.values().stream().mapToDouble(x -> x * x).sum();
        double cr1 = Math.sqrt(meat) / 50 * Math.sqrt(5.0 / 4);
        assertEquals(5, base.clustered().clusters());
        assertEquals(cr1, base.clustered().correctedStandardError(), 1e-12);
        assertEquals(Math.sqrt(mean * (1 - mean) / 50), base.clustered().naiveStandardError(), 1e-12);
    }

    @Test
    void errorExamplesAreBaseRightAdapterWrongAndChosenByTheRunsSeed() {
        StudyReport first = report(1234);
        StudyReport again = report(1234);
        assertEquals(first.examples(), again.examples(), "the same seed picks the same examples");
        assertEquals(6, first.examples().size(), "3 per benchmark for the one adapter");
        for (StudyReport.ErrorExample x : first.examples()) {
            int i = Integer.parseInt(x.itemId().replaceAll("\\D+", ""));
            if (x.benchmark().equals("SPIDER")) {
                assertTrue(i % 3 != 0 && (i % 4 == 2 || i % 5 == 1), "base right, adapter wrong: " + x);
            } else {
                assertTrue(i % 4 != 0 && i % 5 == 0, "base right, adapter wrong: " + x);
            }
            assertNotNull(x.rawReply(), "the reply comes from the prediction when the score has none");
        }
        List<String> other = report(99).examples().stream().map(StudyReport.ErrorExample::itemId).toList();
        List<String> mine = first.examples().stream().map(StudyReport.ErrorExample::itemId).toList();
        assertFalse(other.equals(mine) && report(7).examples().stream().map(StudyReport.ErrorExample::itemId).toList().equals(mine),
                "another seed draws other examples");
    }

    @Test
    void rendersEverySectionInHtmlAndMarkdownWithoutLettingRunTextInjectMarkup() {
        StudyReport report = report(1234);
        ReportDocument doc = ReportSections.of(report);
        String html = ReportHtml.render(doc, "test");
        for (String id : new String[] {"headline", "accuracy", "regression", "uncertainty", "errors", "training", "reproducibility"}) {
            assertTrue(html.contains("<section id=\"" + id + "\">"), id);
        }
        assertFalse(html.contains("<script"), "a reply holding a script tag is escaped");
        assertFalse(html.contains("NaN"), "no number renders as NaN");
        assertFalse(html.contains("http://") && html.contains("src="), "nothing is fetched");
        assertTrue(html.contains("data-model=\"lora\" data-spider-points="), "the chart has the adapter's point");
        assertTrue(html.contains("cannot reliably detect it"), "the MDE is said in words:\n" + html);
        assertTrue(html.contains("0.0002"), "the learning rate from the training summary");
        assertTrue(html.contains("2.500 → 0.750"), "the loss from the training summary");
        assertTrue(html.contains("llm.base.device"), "device and dtype in the reproducibility block");
        String md = ReportMarkdown.render(doc, "test");
        assertTrue(md.contains("## Headline") && md.contains("## Reproducibility"), md);
        assertTrue(md.contains("![Learning–forgetting"), "the chart is linked as an image");
        assertTrue(md.contains(HeadlineText.claim(report)), "the same claims as the HTML");
        assertFalse(md.contains("<script"), md);
    }

    /** The headline claim as both renderings must carry it. */
    static final class HeadlineText {
        static String claim(StudyReport report) {
            return report.headline().get(0).modelId() + ": Spider execution accuracy";
        }
    }
}
