package io.evalstream.aggregator.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.aggregator.AggregatorApp;
import io.evalstream.aggregator.RunResults;
import io.evalstream.aggregator.TestSupport;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Score;
import io.evalstream.schemas.Topics;
import io.evalstream.testing.KafkaBroker;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * The dashboard in a real browser: headless Chromium loads the page from a running aggregator,
 * runs its script against the API, and the rendered DOM shows the run's numbers.
 */
@ExtendWith(KafkaBroker.class)
class DashboardBrowserIT {

    @Test
    void theDashboardRendersTheRunsNumbersInABrowser(KafkaBroker broker, @TempDir Path temp) throws Exception {
        Path chromium = chromium();
        assumeTrue(chromium != null, "needs a Chromium browser: install Debian's chromium package "
                + "(apt-get install chromium) or set EVALSTREAM_CHROMIUM to its path");
        broker.createTopics(3, Topics.SCORES);
        broker.createTopics(1, Topics.AGGREGATES, Topics.REGRESSION, Topics.DEAD_LETTERS, Topics.RUNS);
        String run = KafkaBroker.unique("dash-run");
        List<Score> scores = TestSupport.runScores(run);
        TestSupport.produceManifest(broker, run, scores);
        TestSupport.produce(broker, scores);
        RunResults expected = TestSupport.cleanPassResults(run, scores, temp.resolve("clean"));
        AccuracyStats base = expected.stats().stream()
                .filter(s -> s.getModelId().equals("base") && s.getBenchmark().name().equals("SPIDER") && s.getCategory().equals("all"))
                .findFirst().orElseThrow();

        try (AggregatorApp app = new AggregatorApp(AggregatorApp.config(broker.bootstrapServers(),
                KafkaBroker.unique("aggregator-dash"), temp.resolve("app")))) {
            app.start();
            try (AggregatorApi api = AggregatorApi.start(app, AggregatorApi.DEFAULT_HOST, 0)) {
                String dom = "";
                long deadline = System.currentTimeMillis() + 90_000;
                String wilson = String.format(Locale.ROOT, "[%.3f, %.3f]", base.getWilsonLow(), base.getWilsonHigh());
                while (System.currentTimeMillis() < deadline) {
                    dom = render(chromium, api.uri() + "?run=" + run, temp);
                    if (dom.contains(wilson) && dom.contains("lora-r16@seed1")) {
                        break;
                    }
                    Thread.sleep(500);
                }
                assertTrue(dom.contains(run), "the run is offered in the page");
                assertTrue(dom.contains(wilson), "base's Spider Wilson interval " + wilson + " is rendered; DOM:\n" + dom);
                assertTrue(dom.contains("lora-r16@seed1"), "the fine-tuned models are rendered");
                assertTrue(dom.contains("McNemar"), "the regression table is rendered");
                assertEquals(-1, dom.indexOf("NaN"), "no number renders as NaN");
            }
        }
    }

    /** The DOM after the page's scripts ran, as headless Chromium prints it. */
    private static String render(Path chromium, String url, Path temp) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(chromium.toString(), "--headless", "--no-sandbox", "--disable-gpu",
                "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update",
                "--disable-sync", "--user-data-dir=" + temp.resolve("chromium-profile"), "--virtual-time-budget=5000",
                "--dump-dom", url));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        byte[] out = p.getInputStream().readAllBytes();
        if (!p.waitFor(60, TimeUnit.SECONDS)) {
            p.destroyForcibly();
        }
        // only what the scripts rendered: the script's own text mentions the column names too
        return new String(out, StandardCharsets.UTF_8).replaceAll("(?s)<script.*?</script>", "");
    }

    private static Path chromium() {
        String configured = System.getenv("EVALSTREAM_CHROMIUM");
        List<String> candidates = configured != null ? List.of(configured)
                : List.of("/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome");
        return candidates.stream().map(Path::of).filter(Files::isExecutable).findFirst().orElse(null);
    }
}
