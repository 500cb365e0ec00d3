package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.Verdict;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Official mode gives the official tool's verdict on every prediction of two corpora, each with the
 * verdict test-suite-sql-eval's own evaluate() gave (made by scripts/official_verdicts.py):
 * <ul>
 *   <li>{@code mutations.jsonl}: 4 predictions per scorable dev item, each a gold query changed by
 *       one mutation that exercises one of the tool's transformations or none;
 *   <li>{@code cross_items.jsonl}: 4 predictions per scorable dev item, each the gold SQL of another
 *       item on the same database (its paraphrase, or a random one): realistic right and wrong
 *       queries that exercise the result comparison (column order, duplicates, ORDER BY, types).
 * </ul>
 */
class OfficialVerdictsTest {

    @ParameterizedTest
    @ValueSource(strings = {"/official/mutations.jsonl", "/official/cross_items.jsonl"})
    void everyVerdictEqualsTheOfficialToolsVerdict(String corpus) throws IOException {
        Path data = TestData.dataDir();
        List<SpiderItem> items = SpiderDevSet.read(data);
        List<String> mismatches = new ArrayList<>();
        Map<String, int[]> byMutation = new TreeMap<>();
        int n = 0;
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults());
             BufferedReader r = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream(corpus), StandardCharsets.UTF_8))) {
            ObjectMapper json = new ObjectMapper();
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode c = json.readTree(line);
                SpiderItem item = items.get(c.get("index").asInt());
                String prediction = c.get("prediction").asText();
                Verdict v = metric.evaluate(item.testCase(prediction));
                int ours = v.outcome() == Outcome.CORRECT ? 1 : 0;
                int official = c.get("official").asInt();
                int[] counts = byMutation.computeIfAbsent(c.get("mutation").asText(), k -> new int[3]);
                counts[0]++;
                counts[1] += official;
                n++;
                if (ours != official) {
                    counts[2]++;
                    mismatches.add("dev[" + item.index() + "] " + c.get("mutation").asText() + ": official " + official + ", ours "
                            + v.outcome().label() + " (" + v.reason() + ")\n    predicted: " + prediction + "\n    executed:  "
                            + v.executed() + "\n    gold:      " + item.query());
                }
            }
        }
        StringBuilder summary = new StringBuilder();
        byMutation.forEach((m, c) -> summary.append(String.format("%n  %-22s %4d predictions, %4d correct officially, %d differ", m, c[0], c[1], c[2])));
        System.out.println("official mode vs test-suite-sql-eval on " + n + " predictions of " + corpus + ":" + summary);
        assertTrue(n > 2500, "the corpus has " + n + " predictions");
        assertTrue(mismatches.isEmpty(), mismatches.size() + " verdicts differ from the official tool's:\n"
                + String.join("\n", mismatches.subList(0, Math.min(15, mismatches.size()))));
    }
}
