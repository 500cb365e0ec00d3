package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.Verdict;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/**
 * The hand-written near-miss corpus (src/test/resources/near_miss/near_miss.jsonl): each line has
 * a db_id, gold SQL, a predicted SQL that is almost right, the expected outcome in every mode
 * and why. The expectations were also checked against a Python rendering of the official result_eq.
 */
class NearMissCorpusTest {
    private static final String CORPUS = "/near_miss/near_miss.jsonl";
    private static final Map<ComparisonMode, ExecutionAccuracy> METRICS = new EnumMap<>(ComparisonMode.class);

    @TestFactory
    Stream<DynamicTest> everyNearMissGetsItsExpectedVerdictInEveryMode() throws IOException {
        Path data = TestData.dataDir();
        for (ComparisonMode mode : ComparisonMode.values()) {
            METRICS.put(mode, new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults().withMode(mode)));
        }
        List<JsonNode> cases = readCorpus();
        assertTrue(cases.size() >= 40, "the corpus has at least 40 near misses, found " + cases.size());
        List<DynamicTest> tests = new ArrayList<>();
        for (JsonNode c : cases) {
            for (ComparisonMode mode : ComparisonMode.values()) {
                String expected = c.get("expected").get(mode.label()).asText();
                tests.add(DynamicTest.dynamicTest(c.get("id").asText() + " [" + mode.label() + "]", () -> {
                    Verdict v = METRICS.get(mode).evaluate(ExecutionAccuracy.testCase(c.get("db_id").asText(), c.get("id").asText(),
                            c.get("predicted").asText(), c.get("gold").asText()));
                    assertEquals(expected, v.outcome().label(), c.get("why").asText() + " | got: " + v.reason());
                    assertEquals(expected.equals("correct") ? 1.0 : 0.0, v.score());
                }));
            }
        }
        return tests.stream();
    }

    @AfterAll
    static void close() {
        METRICS.values().forEach(ExecutionAccuracy::close);
    }

    private static List<JsonNode> readCorpus() throws IOException {
        ObjectMapper json = new ObjectMapper();
        List<JsonNode> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                NearMissCorpusTest.class.getResourceAsStream(CORPUS), StandardCharsets.UTF_8))) {
            String line;
            int n = 0;
            while ((line = r.readLine()) != null) {
                n++;
                if (!line.isBlank()) {
                    try {
                        out.add(json.readTree(line));
                    } catch (IOException e) {
                        throw new IOException(CORPUS + ":" + n + ": not a JSON object: " + e.getMessage(), e);
                    }
                }
            }
        }
        return out;
    }
}
