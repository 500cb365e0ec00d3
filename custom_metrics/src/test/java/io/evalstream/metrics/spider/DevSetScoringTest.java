package io.evalstream.metrics.spider;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.TestData;
import io.evalstream.metrics.predictions.SpiderPredictionsFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class DevSetScoringTest {

    @Test
    void scoresAFileAndReportsByHardnessWithUnscorableApart() throws IOException {
        Path data = TestData.dataDir();
        List<SpiderItem> items = SpiderDevSet.read(data);
        List<String> lines = new ArrayList<>(SpiderDevSet.goldSqlLines(data));
        lines.set(0, "SELECT count(*) FROM singer WHERE Age > 1000"); // item 0 wrong
        lines.set(1, "");                                            // item 1 empty
        Path file = Files.createTempFile(Path.of("target"), "predictions", ".sql");
        Files.write(file, lines);
        List<String> predictions = SpiderPredictionsFile.read(file, items);
        try (ExecutionAccuracy metric = new ExecutionAccuracy(new SpiderDatabases(data), ExecutionOptions.defaults())) {
            List<ItemVerdict> verdicts = DevSetScorer.score(items, predictions, metric);
            AccuracyReport report = new AccuracyReport(verdicts);
            assertEquals(new AccuracyReport.Row("all", 972, 970), report.overall());
            assertEquals(Outcome.WRONG_RESULT, verdicts.get(0).outcome());
            assertEquals(Outcome.EMPTY_OUTPUT, verdicts.get(1).outcome());
            assertEquals(248 + 446 + 174 + 166, verdicts.size());
            String text = report.render("test");
            assertTrue(text.contains("unscorable: 62 of 1034"), text);
            assertTrue(text.contains("62 x unscorable_db_missing: database 'wta_1' is missing"), text);

            Path out = Files.createTempFile(Path.of("target"), "verdicts", ".jsonl");
            VerdictsFile.write(out, verdicts);
            List<String> written = Files.readAllLines(out);
            assertEquals(1034, written.size());
            JsonNode first = new ObjectMapper().readTree(written.get(0));
            assertEquals(List.of("index", "db_id", "hardness", "outcome", "score", "reason", "output", "executed"), iterable(first));
            assertEquals("SELECT count(*) FROM singer WHERE Age > 1000", first.get("output").asText());
            assertEquals("SELECT count(*) FROM singer WHERE Age > 1000", first.get("executed").asText());
            assertEquals("wrong_result", first.get("outcome").asText());
            assertEquals("easy", first.get("hardness").asText());
        }
    }

    @Test
    void misalignedPredictionsNameTheFileAndTheCounts() throws IOException {
        Path data = TestData.dataDir();
        List<SpiderItem> items = SpiderDevSet.read(data);
        Path file = Files.createTempFile(Path.of("target"), "short", ".sql");
        Files.write(file, List.of("SELECT 1", "SELECT 2"));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> SpiderPredictionsFile.read(file, items));
        assertTrue(e.getMessage().startsWith(file + ":3:") && e.getMessage().contains("2 lines") && e.getMessage().contains("1034"), e.getMessage());
    }

    private static List<String> iterable(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
