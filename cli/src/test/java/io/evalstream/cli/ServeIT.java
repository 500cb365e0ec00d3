package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.aggregator.RunResults;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Benchmark;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evalstream serve --run RUN} in its own JVM after the run has ended: the dashboard and API
 * come back, the run reads as finished with nothing pending, and its counts are the run's results.
 */
@ExtendWith(KafkaBroker.class)
class ServeIT {
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void serveShowsAFinishedRunAfterItsRunEnded(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("served");
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId,
                y -> y.replaceFirst("(?m)^    split: dev.*$", "    split: dev\n    limit: 30").replace("per_category: 50", "per_category: 3"));
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);
        RunResults results;
        try (Pipeline pipeline = new Pipeline(RunPlan.build(config, data, RunVersions.of(config, data)), broker.bootstrapServers(),
                temp.resolve("streams"))) {
            results = pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false)).results();
        }
        AccuracyStats spider = RunScenario.stats(results, "base", Benchmark.SPIDER, "all");

        try (CliProcess serve = CliProcess.start(temp, "serve", "--run", runId, "--port", "0", "--home", temp.resolve("home").toString(),
                "--bootstrap-servers", broker.bootstrapServers())) {
            String url = awaitUrl(serve);
            assertTrue(url.endsWith("?run=" + runId), url);
            URI api = URI.create(url.substring(0, url.indexOf('?')));
            JsonNode status = awaitFinished(api, runId, serve);
            assertEquals("finished", status.get("status").asText(), status.toString());
            assertEquals(0, status.get("pending").size(), "nothing pending: " + status);
            assertEquals(39, status.get("expected_per_model").asLong(), "30 Spider items and 3 MMLU questions per category");
            JsonNode summary = get(api.resolve("/api/runs/" + runId + "/summary"));
            JsonNode row = null;
            for (JsonNode s : summary.get("stats")) {
                if (s.get("benchmark").asText().equals("SPIDER") && s.get("category").asText().equals("all")) {
                    row = s;
                }
            }
            assertTrue(row != null, summary.toString());
            assertEquals(spider.getN(), row.get("n").asLong());
            assertEquals(spider.getCorrect(), row.get("correct").asLong());
            assertEquals(spider.getAccuracy(), row.get("cs_low").asDouble(), 1e-12,
                    "every item counted: the anytime interval is the observed accuracy");
            HttpResponse<String> page = http.send(HttpRequest.newBuilder(URI.create(url)).build(), HttpResponse.BodyHandlers.ofString());
            assertEquals(200, page.statusCode());
            assertTrue(page.body().contains("/api/runs"), "the dashboard page");
            serve.terminate(60_000);
        }
    }

    private static String awaitUrl(CliProcess serve) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (System.currentTimeMillis() < deadline) {
            for (String line : serve.stdout) {
                if (line.startsWith("dashboard of run ")) {
                    return line.substring(line.indexOf("http://"), line.indexOf(" (Ctrl-C"));
                }
            }
            Thread.sleep(200);
        }
        throw new AssertionError("serve printed no address: " + serve.output());
    }

    private JsonNode awaitFinished(URI api, String runId, CliProcess serve) throws Exception {
        long deadline = System.currentTimeMillis() + 120_000;
        JsonNode last = null;
        while (System.currentTimeMillis() < deadline) {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(api.resolve("/api/runs/" + runId + "/status")).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() == 200) {
                last = json.readTree(r.body());
                if (last.get("status").asText().equals("finished")) {
                    return last;
                }
            }
            Thread.sleep(300);
        }
        throw new AssertionError("the served run never read finished; last status " + last + "\n" + serve.output());
    }

    private JsonNode get(URI uri) throws Exception {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(uri).build(), HttpResponse.BodyHandlers.ofString());
        assertEquals(200, r.statusCode(), r.body());
        return json.readTree(r.body());
    }
}
