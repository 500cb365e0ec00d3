package io.evalstream.aggregator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.RunResults;
import io.evalstream.aggregator.TestSupport;
import io.evalstream.aggregator.run.RunRecords;
import io.evalstream.schemas.Prediction;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.stages.TopicFeed;
import io.evalstream.testing.KafkaBroker;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/** The HTTP API of a running aggregator on a real broker, through a real HTTP client. */
@ExtendWith(KafkaBroker.class)
class AggregatorApiIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void servesRunsSummaryRegressionAndItems(KafkaBroker broker, @TempDir Path state) throws Exception {
        broker.createTopics(3, Topics.SCORES);
        broker.createTopics(1, Topics.AGGREGATES, Topics.REGRESSION, Topics.DEAD_LETTERS, Topics.PREDICTIONS, Topics.ITEMS, Topics.RUNS);
        String run = KafkaBroker.unique("api-run");
        List<Score> scores = TestSupport.runScores(run);
        TestSupport.produceManifest(broker, run, scores);
        TestSupport.produce(broker, scores);
        Score first = scores.get(0);
        TestSupport.producePrediction(broker, Prediction.newBuilder().setPredictionId(first.getPredictionId())
                .setRunId(run).setModelId(first.getModelId()).setBenchmark(first.getBenchmark()).setItemId(first.getItemId())
                .setGroup(first.getGroup()).setGold("SELECT name FROM singer").setOutput("SELECT name FROM singer -- as generated")
                .build());
        RunResults expected = TestSupport.cleanPassResults(run, scores, state.resolve("clean"));

        try (AggregatorApp app = new AggregatorApp(AggregatorApp.config(broker.bootstrapServers(),
                KafkaBroker.unique("aggregator-api"), state.resolve("app")));
             AggregatorApi api = startAfter(app)) {
            assertEquals("127.0.0.1", api.uri().getHost());
            JsonNode summary = awaitSummary(api, run, expected.stats().size());
            assertEquals(run, summary.get("run_id").asText());
            JsonNode baseSpider = find(summary.get("stats"), "base", "SPIDER", "all");
            var expectedBase = expected.stats().stream().filter(s -> s.getModelId().equals("base")
                    && s.getBenchmark().name().equals("SPIDER") && s.getCategory().equals("all")).findFirst().orElseThrow();
            assertEquals(expectedBase.getN(), baseSpider.get("n").asLong());
            assertEquals(expectedBase.getCorrect(), baseSpider.get("correct").asLong());
            assertEquals(2, baseSpider.get("unscorable").asLong());
            assertEquals(2, baseSpider.get("unscorable_reasons").get("unscorable_db_missing (wta_1)").asLong());
            assertEquals(expectedBase.getWilsonLow(), baseSpider.get("wilson_low").asDouble(), 1e-12);
            assertTrue(summary.get("seeds").size() > 0, "two seeds of lora-r16 give a seed summary");
            assertEquals("lora-r16", summary.get("seeds").get(0).get("model").asText());

            JsonNode runs = get(api, "api/runs").body();
            assertTrue(runs.get("runs").findValuesAsText("run_id").contains(run), runs.toString());

            // regressions are computed one repartition behind the stats: wait for the last of them
            JsonNode regression = awaitRegressions(api, run, expected);
            JsonNode seed1 = find(regression.get("regressions"), "lora-r16@seed1", "SPIDER", "all");
            var expectedSeed1 = expected.regressions().stream().filter(r -> r.getModelId().equals("lora-r16@seed1")
                    && r.getBenchmark().name().equals("SPIDER") && r.getCategory().equals("all")).findFirst().orElseThrow();
            assertEquals(expectedSeed1.getMcnemarP(), seed1.get("mcnemar_p").asDouble(), 1e-12);
            // one scale: fractions, with _points fields for points
            assertEquals(expectedSeed1.getBootstrapLow() / 100, seed1.get("bootstrap_low").asDouble(), 1e-12);
            assertEquals(expectedSeed1.getBootstrapLow(), seed1.get("bootstrap_low_points").asDouble(), 1e-12);
            assertEquals(expectedSeed1.getDiffPoints() / 100, seed1.get("diff").asDouble(), 1e-12);
            assertTrue(seed1.has("mcnemar_p_holm") && seed1.has("significant"), seed1.toString());
            assertEquals(38, seed1.get("n_paired").asLong());

            JsonNode items = get(api, "api/runs/" + run + "/items?model=base&outcome=unscorable_db_missing").body();
            assertEquals(2, items.get("items").size());
            assertEquals("wta_1", items.get("items").get(0).get("group").asText());
            assertEquals("base", items.get("items").get(0).get("model_id").asText());
            JsonNode all = get(api, "api/runs/" + run + "/items").body();
            assertEquals(scores.size(), all.get("items").size());
            assertEquals(3, get(api, "api/runs/" + run + "/items?limit=3").body().get("items").size());

            assertEquals(404, get(api, "api/nothing").status());
            HttpResponse<String> dashboard = http.send(HttpRequest.newBuilder(api.uri()).GET().build(),
                    HttpResponse.BodyHandlers.ofString());
            assertEquals(200, dashboard.statusCode());
            assertTrue(dashboard.body().contains("/api/runs"));
            assertEquals(400, get(api, "api/runs/" + run + "/items?limit=-1").status());

            // the items carry what explains them: the raw reply and the gold from the prediction
            JsonNode baseItems = get(api, "api/runs/" + run + "/items?model=base&outcome=" + scores.get(0).getOutcome()).body().get("items");
            JsonNode item0 = null;
            for (JsonNode row : baseItems) {
                item0 = row.get("item_id").asText().equals("spider-dev-0") ? row : item0;
            }
            assertTrue(item0 != null, baseItems.toString());
            assertEquals("SELECT name FROM singer -- as generated", item0.get("raw_reply").asText());
            assertEquals("SELECT name FROM singer", item0.get("gold").asText());
            assertTrue(item0.has("executed_sql") && item0.has("reason") && item0.has("question"), item0.toString());

            // a filter the run cannot match, or a run nobody knows, says what is allowed
            Response wrong = get(api, "api/runs/" + run + "/items?outcome=wrong");
            assertEquals(400, wrong.status(), wrong.body().toString());
            List<String> allowed = new ArrayList<>();
            wrong.body().get("allowed").forEach(a -> allowed.add(a.asText()));
            assertTrue(allowed.containsAll(List.of("correct", "wrong_result", "wrong_choice", "unscorable_db_missing")), allowed.toString());
            assertEquals(400, get(api, "api/runs/" + run + "/items?model=nobody").status());
            Response unknown = get(api, "api/runs/no-such-run/summary");
            assertEquals(404, unknown.status(), unknown.body().toString());
            assertTrue(unknown.body().get("allowed").toString().contains(run), unknown.body().toString());
            assertEquals(404, get(api, "api/runs/no-such-run/items").status());
        }
    }

    private static final List<TopicFeed> FEEDS = new CopyOnWriteArrayList<>();

    @AfterAll
    static void closeFeeds() {
        FEEDS.forEach(TopicFeed::close);
    }

    private static AggregatorApi startAfter(AggregatorApp app) throws Exception {
        app.start();
        TopicFeed topics = new TopicFeed(app.bootstrapServers(), RunRecords.TOPICS);
        FEEDS.add(topics);
        return AggregatorApi.start(app, AggregatorApi.DEFAULT_HOST, 0, sink -> topics.readNew(sink::accept));
    }

    private JsonNode awaitSummary(AggregatorApi api, String run, int expectedRows) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            Response r = get(api, "api/runs/" + run + "/summary");
            if (r.status() == 200) {
                last = r.body();
                long scored = 0;
                for (JsonNode s : last.get("stats")) {
                    if (s.get("category").asText().equals("all")) {
                        scored += s.get("n").asLong() + s.get("unscorable").asLong();
                    }
                }
                if (last.get("stats").size() == expectedRows && scored == 3 * 70) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("summary did not complete: " + last);
    }

    private JsonNode awaitRegressions(AggregatorApi api, String run, RunResults expected) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        JsonNode last = null;
        while (System.nanoTime() < deadline) {
            last = get(api, "api/runs/" + run + "/regression").body();
            if (last.get("regressions").size() == expected.regressions().size()) {
                boolean complete = true;
                for (var r : expected.regressions()) {
                    JsonNode actual = find(last.get("regressions"), r.getModelId(), r.getBenchmark().name(), r.getCategory());
                    complete &= actual.get("n_paired").asLong() == r.getNPaired()
                            && actual.get("n_base").asLong() == r.getNBase() && actual.get("n_model").asLong() == r.getNModel();
                }
                if (complete) {
                    return last;
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("regressions did not complete: " + last);
    }

    private static JsonNode find(JsonNode rows, String model, String benchmark, String category) {
        for (JsonNode row : rows) {
            if (row.get("model_id").asText().equals(model) && row.get("benchmark").asText().equals(benchmark)
                    && row.get("category").asText().equals(category)) {
                return row;
            }
        }
        throw new AssertionError("no row " + model + "/" + benchmark + "/" + category + " in " + rows);
    }

    private Response get(AggregatorApi api, String path) throws Exception {
        HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(api.uri() + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        return new Response(response.statusCode(), json.readTree(response.body()));
    }

    private record Response(int status, JsonNode body) {
    }
}
