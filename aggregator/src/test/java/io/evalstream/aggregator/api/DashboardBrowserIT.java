package io.evalstream.aggregator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.TestSupport;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.DeadLetterKind;
import io.evalstream.schemas.ModelInfo;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.RecordKeys;
import io.evalstream.schemas.RunManifest;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicFeed;
import io.evalstream.testing.HeadlessChromium;
import io.evalstream.testing.KafkaBroker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live dashboard in a real browser: headless Chromium loads the page from a running aggregator
 * and runs its script against the API. Mid-run (Spider scored, MMLU not yet) it shows progress
 * against the manifest's totals, MMLU and its categories as pending, a dead letter, and the
 * adapter's significant Spider regression highlighted; once MMLU is in, the run is finished and
 * nothing is pending. With -Devalstream.screenshots=DIR it also saves both views as PNGs.
 */
@ExtendWith(KafkaBroker.class)
class DashboardBrowserIT {
    private static final String METRIC = "execution_accuracy";
    private static final String VERSION = "1/official";

    @Test
    void theDashboardShowsProgressPendingCategoriesAndASignificantRegression(KafkaBroker broker, @TempDir Path temp) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(temp.resolve("chromium-profile"));
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        broker.createTopics(3, Topics.SCORES, Topics.PREDICTIONS, Topics.ITEMS);
        broker.createTopics(1, Topics.AGGREGATES, Topics.REGRESSION, Topics.DEAD_LETTERS, Topics.RUNS);
        String run = KafkaBroker.unique("dash-run");
        TestSupport.produceTo(broker, Topics.RUNS, RunManifest.newBuilder().setRunId(run).setConfigSha256("0123456789abcdef")
                .setSeed(1234).setExpectedItems(Map.of("SPIDER", 40, "MMLU", 30)).setStartedAt(System.currentTimeMillis())
                .setModels(List.of(ModelInfo.newBuilder().setModelId("base").setKind("oracle").setBase(true).build(),
                        ModelInfo.newBuilder().setModelId("lora").setKind("replay").build()))
                .setVersions(Map.of("kafka", "4.3.1")).build());
        // mid-run: Spider is scored for both models (the adapter loses 30 of the base's 36 right answers); MMLU is not
        List<Score> spider = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            String hardness = i % 2 == 0 ? "easy" : "medium";
            spider.add(score(run, "base", Benchmark.SPIDER, "spider-dev-" + i, "concert_singer", hardness, i < 36));
            spider.add(score(run, "lora", Benchmark.SPIDER, "spider-dev-" + i, "concert_singer", hardness, i < 6));
        }
        // and MMLU has begun: the base model's STEM questions only
        String[] categories = {"STEM", "humanities", "social_sciences"};
        List<Score> mmlu = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            mmlu.add(score(run, "base", Benchmark.MMLU, "mmlu-" + i, "astronomy", categories[i % 3], i % 3 != 1));
            mmlu.add(score(run, "lora", Benchmark.MMLU, "mmlu-" + i, "astronomy", categories[i % 3], i % 4 != 0));
        }
        List<Score> mmluStarted = mmlu.stream().filter(s -> s.getModelId().equals("base") && s.getCategory().equals("STEM")).toList();
        TestSupport.produce(broker, spider);
        TestSupport.produce(broker, mmluStarted);
        for (Score s : spider) {
            TestSupport.producePrediction(broker, prediction(s));
        }
        TestSupport.produceTo(broker, Topics.DEAD_LETTERS, DeadLetter.newBuilder().setStage("generator")
                .setSourceTopic(Topics.ITEMS.name()).setPartition(0).setOffset(7).setKey(run + "/MMLU/astronomy")
                .setKind(DeadLetterKind.MODEL_ERROR).setReason("test: the model failed on one item").build());

        try (AggregatorApp app = new AggregatorApp(AggregatorApp.config(broker.bootstrapServers(),
                KafkaBroker.unique("aggregator-dash"), temp.resolve("app")))) {
            app.start();
            try (TopicFeed topics = new TopicFeed(broker.bootstrapServers(), RunRecords.TOPICS);
                 AggregatorApi api = AggregatorApi.start(app, AggregatorApi.DEFAULT_HOST, 0, sink -> topics.readNew(sink::accept))) {
                String url = api.uri() + "?run=" + run;
                // every count of the mid-run state is in once the base's STEM questions and lora's regression are
                String mid = await(chromium, url, dom -> dom.contains("significant-regression")
                        && dom.contains("Pending: MMLU (humanities, social_sciences, all, STEM)") && dom.contains("data-category=\"STEM\"")
                        && progress(dom, "aggregate", "lora", 40, 70) && progress(dom, "aggregate", "base", 50, 70));
                assertTrue(mid.contains(">running<"), "status running:\n" + mid);
                assertTrue(progress(mid, "aggregate", "base", 50, 70), "aggregate progress of base: 50 of the 70 expected:\n" + mid);
                assertTrue(progress(mid, "generate", "lora", 40, 70), "generate progress of lora: 40 of 70:\n" + mid);
                assertTrue(progress(mid, "score", "base", 50, 70), "score progress of base: 50 of 70:\n" + mid);
                assertTrue(mid.contains("items/s") && mid.contains("time left"), "rate and time left columns");
                assertTrue(mid.contains("Pending: MMLU (humanities, social_sciences, all, STEM)"), "MMLU's categories pending:\n" + mid);
                assertTrue(mid.matches("(?s).*<tr class=\"pending\" data-model=\"base\" data-category=\"humanities\">.*"),
                        "base's MMLU humanities, not reached yet, is a pending row:\n" + mid);
                assertTrue(mid.matches("(?s).*<tr class=\"pending all\" data-model=\"lora\" data-category=\"all\">.*"),
                        "lora has no MMLU yet: all of it is pending:\n" + mid);
                assertFalse(mid.contains("data-category=\"hard\""), "Spider is complete: a level it never had is not pending");
                assertTrue(mid.matches("(?s).*<tr class=\"all significant-regression\" data-model=\"lora\" data-category=\"all\">.*"),
                        "lora's Spider regression (-75 points) is highlighted:\n" + mid);
                assertTrue(mid.contains("significant regression"), "and labelled");
                assertTrue(mid.contains("Dead letters: <b>1</b>"), "the dead letter is counted:\n" + mid);
                assertTrue(mid.contains("Anytime 95%") && mid.contains("Waudby-Smith"), "the confidence sequence is explained");
                assertTrue(mid.contains("needs a fine-tuned model with both a Spider and an MMLU comparison"),
                        "the learning-forgetting chart waits for lora's MMLU");
                assertFalse(mid.contains("NaN"), "no number renders as NaN");
                screenshot(chromium, url, "dashboard-mid-run.png");

                TestSupport.produce(broker, mmlu);
                String done = await(chromium, url, dom -> dom.contains(">finished<"));
                assertTrue(done.contains("Pending: nothing"), "nothing pending once finished:\n" + done);
                assertFalse(done.contains("class=\"pending"), "no pending row");
                assertTrue(done.contains("data-model=\"lora\" data-spider-points=\"-75.0\""), "the adapter's point in the chart:\n" + done);
                assertEquals(-1, done.indexOf("NaN"));
                screenshot(chromium, url, "dashboard-finished.png");
            }
        }
    }

    /** The progress row of one stage and model shows done of expected. */
    private static boolean progress(String dom, String stage, String model, long done, long expected) {
        return Pattern.compile("data-stage=\"" + stage + "\" data-model=\"" + model + "\"><td>" + stage
                + "</td>\\s*<td>" + model + "</td><td><span class=\"progress-bar\"><span style=\"[^\"]*\"></span></span></td>\\s*<td>"
                + done + "</td><td>" + expected + "</td>").matcher(dom).find();
    }

    private static String await(HeadlessChromium chromium, String url, Predicate<String> ready) throws Exception {
        String dom = "";
        long deadline = System.currentTimeMillis() + 90_000;
        while (System.currentTimeMillis() < deadline) {
            dom = chromium.dumpDom(url, 5000);
            if (ready.test(dom)) {
                return dom;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("the dashboard did not get there in 90 s; last DOM:\n" + dom);
    }

    private static void screenshot(HeadlessChromium chromium, String url, String name) throws Exception {
        String dir = System.getProperty("evalstream.screenshots");
        if (dir != null) {
            chromium.screenshot(url, Path.of(dir).resolve(name), 1280, 1500, 5000);
        }
    }

    private static Score score(String run, String model, Benchmark benchmark, String item, String group, String category,
                               boolean correct) {
        String predictionId = RecordKeys.predictionId(run, model, benchmark, item);
        return Score.newBuilder().setScoreId(RecordKeys.scoreId(predictionId, METRIC, VERSION)).setPredictionId(predictionId)
                .setRunId(run).setModelId(model).setBenchmark(benchmark).setItemId(item).setGroup(group).setCategory(category)
                .setMetric(METRIC).setMetricVersion(VERSION).setScorable(true).setScore(correct ? 1 : 0)
                .setOutcome(correct ? "correct" : benchmark == Benchmark.SPIDER ? "wrong_result" : "wrong_choice").build();
    }

    private static Prediction prediction(Score s) {
        return Prediction.newBuilder().setPredictionId(s.getPredictionId()).setRunId(s.getRunId()).setModelId(s.getModelId())
                .setBenchmark(s.getBenchmark()).setItemId(s.getItemId()).setGroup(s.getGroup()).setGold("SELECT 1")
                .setOutput("SELECT 1").build();
    }
}
