package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.aggregator.report.ReportNumbers;
import io.evalstream.cli.broker.TopicSetup;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.cli.pipeline.ProgressDisplay;
import io.evalstream.cli.pipeline.RunPlan;
import io.evalstream.cli.pipeline.RunVersions;
import io.evalstream.testing.HeadlessChromium;
import io.evalstream.testing.KafkaBroker;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code evalstream report} for the oracle run and for experiments/tiny-llm-smoke.yaml, rendered in
 * headless Chromium: the page has every section, the learning-forgetting chart has one point per
 * adapter at its results numbers, and every number of the headline (and of the accuracy tables'
 * "all" rows) equals the number {@code results --json} prints. With -Devalstream.screenshots=DIR
 * it also saves a screenshot of each report.
 */
@ExtendWith(KafkaBroker.class)
class ReportBrowserIT {
    private static final String[] SECTIONS = {"headline", "accuracy", "regression", "uncertainty", "errors", "training",
            "reproducibility"};
    private static final Pattern HEADLINE_CELL = Pattern.compile(
            "<td class=\"num\" data-model=\"([^\"]+)\" data-benchmark=\"([A-Z]+)\" data-field=\"([a-z_]+)\" data-value=\"([^\"]*)\">([^<]*)</td>");
    private static final Pattern INTERVAL_CELL = Pattern.compile(
            "<td class=\"num\" data-model=\"([^\"]+)\" data-benchmark=\"([A-Z]+)\" data-field=\"bootstrap_points\" "
                    + "data-low=\"([^\"]*)\" data-high=\"([^\"]*)\">([^<]*)</td>");
    private static final Pattern POINT = Pattern.compile(
            "<circle class=\"point\" cx=\"([-0-9.]+)\" cy=\"([-0-9.]+)\" r=\"5\" fill=\"[^\"]+\" data-model=\"([^\"]+)\" "
                    + "data-spider-points=\"([^\"]+)\" data-mmlu-points=\"([^\"]+)\"");
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void theOracleRunsReportMatchesItsResults(KafkaBroker broker, @TempDir Path temp) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(temp.resolve("profile"));
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        Path data = TestData.dataDir();
        String runId = KafkaBroker.unique("oracle-report");
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("oracle-smoke.yaml"), temp, runId, y -> y);
        run(broker, config, data, temp);

        JsonNode results = resultsJson(broker, runId);
        String dom = report(broker, chromium, runId, temp, "report-oracle.png");
        assertTrue(dom.contains("no fine-tuned model to compare with the base model base"), "the oracle run has only the base model");
        assertEquals(0, count(POINT.matcher(dom)), "no adapter, no point");
        assertAllRowsMatch(dom, results);
        assertTrue(dom.contains("unscorable_db_missing (wta_1): 62"), "the missing database is reported in the tables");
        assertTrue(dom.contains("metric.execution_accuracy"), "metric versions in the reproducibility block");
    }

    @Test
    void theTinyLlmRunsReportHasEveryAdapterOnTheChartAtItsResultsNumbers(KafkaBroker broker, @TempDir Path temp) throws Exception {
        HeadlessChromium chromium = HeadlessChromium.find(temp.resolve("profile"));
        assumeTrue(chromium != null, HeadlessChromium.MISSING);
        Path data = TestData.dataDir();
        Path root = TestData.experiments().getParent();
        assumeTrue(Files.isDirectory(root.resolve("generator/src/test/resources/fixtures/llama3/base")),
                "needs the fixture model generator/src/test/resources/fixtures/llama3 (made by scripts/make_fixtures.py)");
        String runId = KafkaBroker.unique("tiny-report");
        ExperimentConfig config = RunScenario.config(TestData.experiments().resolve("tiny-llm-smoke.yaml"), temp, runId,
                y -> y.replace("../generator/", root.resolve("generator") + "/"));
        run(broker, config, data, temp);

        JsonNode results = resultsJson(broker, runId);
        String dom = report(broker, chromium, runId, temp, "report-tiny-llm.png");
        Map<String, JsonNode> regressions = new LinkedHashMap<>();
        for (JsonNode r : results.get("regressions")) {
            if (r.get("category").asText().equals("all")) {
                regressions.put(r.get("model_id").asText() + "/" + r.get("benchmark").asText(), r);
            }
        }
        assertEquals(4, regressions.size(), "two adapters x two benchmarks: " + regressions.keySet());

        Matcher cells = HEADLINE_CELL.matcher(dom);
        int checked = 0;
        while (cells.find()) {
            JsonNode r = regressions.get(cells.group(1) + "/" + cells.group(2));
            String field = cells.group(3);
            assertTrue(r != null && r.has(field), "the headline shows a results field: " + cells.group());
            JsonNode value = r.get(field);
            assertEquals(value.isNull() ? "" : Double.toString(value.asDouble()), cells.group(4), "exact value of " + cells.group());
            assertEquals(format(field, value), cells.group(5), "shown value of " + cells.group());
            checked++;
        }
        Matcher intervals = INTERVAL_CELL.matcher(dom);
        while (intervals.find()) {
            JsonNode r = regressions.get(intervals.group(1) + "/" + intervals.group(2));
            double low = r.get("bootstrap_low_points").asDouble();
            double high = r.get("bootstrap_high_points").asDouble();
            assertEquals(Double.toString(low), intervals.group(3), intervals.group());
            assertEquals(Double.toString(high), intervals.group(4), intervals.group());
            assertEquals(ReportNumbers.pointsInterval(low, high), intervals.group(5), intervals.group());
            checked++;
        }
        assertEquals(4 * 6, checked, "six numbers per adapter and benchmark in the headline");

        Matcher points = POINT.matcher(dom);
        int seen = 0;
        while (points.find()) {
            String model = points.group(3);
            assertEquals(regressions.get(model + "/SPIDER").get("diff_points").asDouble(), Double.parseDouble(points.group(4)), 0);
            assertEquals(regressions.get(model + "/MMLU").get("diff_points").asDouble(), Double.parseDouble(points.group(5)), 0);
            seen++;
        }
        assertEquals(2, seen, "one point per adapter on the learning-forgetting chart");
        assertAllRowsMatch(dom, results);
        assertTrue(dom.contains("lora-attn") && dom.contains("lora-mlp"), "both adapters");
        assertTrue(dom.contains("llm.base.device"), "device in the reproducibility block");
        assertTrue(dom.contains("spider-3shot-v1"), "the prompt template the predictions recorded");
    }

    /** Every "all" row of the accuracy tables shows the results' n, correct and accuracy. */
    private static void assertAllRowsMatch(String dom, JsonNode results) {
        int rows = 0;
        for (JsonNode s : results.get("stats")) {
            if (!s.get("category").asText().equals("all")) {
                continue;
            }
            String row = "<td class=\"all\">" + s.get("model_id").asText() + "</td><td>all</td><td class=\"num\">"
                    + (s.get("n").asLong() + s.get("unscorable").asLong()) + "</td><td class=\"num\">" + s.get("n").asLong()
                    + "</td><td class=\"num\">" + s.get("correct").asLong() + "</td><td class=\"num\">"
                    + (s.get("n").asLong() == 0 ? ReportNumbers.NONE : ReportNumbers.fraction(s.get("accuracy").asDouble())) + "</td>";
            assertTrue(dom.contains(row), "accuracy row " + row + " in the report");
            rows++;
        }
        assertTrue(rows >= 2, "both benchmarks have an 'all' row");
        for (String id : SECTIONS) {
            assertTrue(dom.contains("<section id=\"" + id + "\">"), "section " + id);
        }
        assertFalse(dom.contains("NaN"), "no number renders as NaN");
        assertFalse(dom.contains("<script"), "the report runs no script");
    }

    private static String format(String field, JsonNode value) {
        double x = value.isNull() ? Double.NaN : value.asDouble();
        return switch (field) {
            case "base_accuracy", "model_accuracy" -> ReportNumbers.percent(x);
            case "diff_points" -> ReportNumbers.points(x);
            case "relative_change" -> ReportNumbers.relativePercent(value.isNull() ? null : 100 * x);
            case "mcnemar_p_holm" -> ReportNumbers.pValue(x);
            default -> throw new AssertionError("unexpected headline field " + field);
        };
    }

    private static int count(Matcher m) {
        int n = 0;
        while (m.find()) {
            n++;
        }
        return n;
    }

    private static void run(KafkaBroker broker, ExperimentConfig config, Path data, Path temp) throws Exception {
        TopicSetup.ensureTopics(broker.bootstrapServers(), config.partitions(), (short) 1);
        RunPlan plan = RunPlan.build(config, data, RunVersions.of(config, data));
        try (Pipeline pipeline = new Pipeline(plan, broker.bootstrapServers(), temp.resolve("streams-" + config.runId()))) {
            pipeline.run(new ProgressDisplay(new PrintStream(OutputStream.nullOutputStream()), false));
        }
    }

    private JsonNode resultsJson(KafkaBroker broker, String runId) throws Exception {
        StringWriter out = new StringWriter();
        int code = EvalStream.commandLine().setOut(new PrintWriter(out))
                .execute("results", "--run", runId, "--json", "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, code, out.toString());
        return json.readTree(out.toString());
    }

    private String report(KafkaBroker broker, HeadlessChromium chromium, String runId, Path temp, String screenshot) throws Exception {
        Path dir = temp.resolve("report-" + runId);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int code = EvalStream.commandLine().setOut(new PrintWriter(out)).setErr(new PrintWriter(err))
                .execute("report", "--run", runId, "--out", dir.toString(), "--bootstrap-servers", broker.bootstrapServers());
        assertEquals(0, code, out + "\n" + err);
        assertFalse(err.toString().contains("warning"), "the per-item verdicts agree with the published counts: " + err);
        assertTrue(Files.isRegularFile(dir.resolve("report.md")), "the Markdown beside the page");
        String markdown = Files.readString(dir.resolve("report.md"));
        for (String title : new String[] {"## Headline", "## Accuracy", "## Regression", "## Honest uncertainty", "## Error analysis",
                "## Training", "## Reproducibility"}) {
            assertTrue(markdown.contains(title), title + " in the Markdown");
        }
        String url = dir.resolve("report.html").toUri().toString();
        String screenshots = System.getProperty("evalstream.screenshots");
        if (screenshots != null) {
            chromium.screenshot(url, Path.of(screenshots).resolve(screenshot), 1200, 2200, 1000);
        }
        return chromium.dumpDom(url, 1000);
    }
}
