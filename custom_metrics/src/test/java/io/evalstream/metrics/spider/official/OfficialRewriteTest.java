package io.evalstream.metrics.spider.official;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.sql.QueryFailure;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** The official tool's text rewrites, each both ways (where it changes the query and where it must not). */
class OfficialRewriteTest {

    /** remove_distinct on inputs chosen to hit sqlparse's lexer and splitter rules; expectations are sqlparse 0.6.0's own output. */
    @TestFactory
    Stream<DynamicTest> removeDistinctEqualsSqlparse() throws IOException {
        List<DynamicTest> tests = new ArrayList<>();
        ObjectMapper json = new ObjectMapper();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(getClass().getResourceAsStream("/official/remove_distinct.jsonl"),
                StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                JsonNode c = json.readTree(line);
                String input = c.get("input").asText();
                String expected = c.get("sqlparse").isNull() ? null : c.get("sqlparse").asText();
                tests.add(DynamicTest.dynamicTest("'" + input.replace('\n', ' ') + "'", () -> assertEquals(expected, OfficialRewrite.removeDistinct(input))));
            }
        }
        return tests.stream();
    }

    @Test
    void valueBecomesOneInPredictionsOnly() {
        assertEquals("SELECT market_1 FROM t WHERE a = '1'", OfficialRewrite.prediction("SELECT market_value FROM t WHERE a = 'value'"));
        assertEquals("SELECT Market_Value FROM t", OfficialRewrite.prediction("SELECT Market_Value FROM t"), "case-sensitive");
        assertEquals("SELECT market_value FROM t", OfficialRewrite.gold("SELECT market_value FROM t"));
    }

    @Test
    void postprocessJoinsSpacedOperatorsEvenInLiterals() {
        assertEquals("SELECT a FROM t WHERE b >= 1 AND c <= 2 AND d != 3", OfficialRewrite.gold("SELECT a FROM t WHERE b > = 1 AND c < = 2 AND d ! = 3"));
        assertEquals("SELECT a FROM t WHERE b = '>= x'", OfficialRewrite.gold("SELECT a FROM t WHERE b = '> = x'"));
        assertEquals("SELECT a FROM t WHERE b >  = 1", OfficialRewrite.gold("SELECT a FROM t WHERE b >  = 1"), "two spaces stay");
    }

    @Test
    void curYearBecomes2020() {
        assertEquals("SELECT 2020- age FROM t", OfficialRewrite.gold("SELECT YEAR ( curdate( ) ) - age FROM t"));
        assertEquals("SELECT year(now()) FROM t", OfficialRewrite.gold("SELECT year(now()) FROM t"));
    }

    @Test
    void aPredictionLineIsStrippedAndEndsAtItsFirstTab() {
        assertEquals("SELECT a", OfficialRewrite.prediction("\u00A0 SELECT a\tFROM t\tconcert_singer"));
        assertEquals("SELECT a FROM t", OfficialRewrite.prediction("SELECT a FROM t \u2003"));
        // a multi-line reply is put on one line first (its tabs too): it could not be written into the official file otherwise
        assertEquals("SELECT a  FROM t", OfficialRewrite.prediction("SELECT a\n\tFROM t"));
        assertNull(OfficialRewrite.prediction(" \t "), "no statement: the official tool would stop with IndexError");
    }

    @Test
    void orderMattersIsALowerCaseSubstringTestOnTheRewrittenGold() {
        assertTrue(OfficialRewrite.orderMatters(OfficialRewrite.gold("SELECT a FROM t ORDER BY a")));
        assertTrue(OfficialRewrite.orderMatters(OfficialRewrite.gold("SELECT a FROM t WHERE b = 'order by'")), "even in a literal");
        assertFalse(OfficialRewrite.orderMatters(OfficialRewrite.gold("SELECT a FROM t ORDER  BY a")), "two spaces: no match");
        assertFalse(OfficialRewrite.orderMatters(OfficialRewrite.gold("SELECT a FROM t; SELECT b FROM u ORDER BY b")),
                "the second statement was dropped before the test");
    }

    @Test
    void pythonRunsOneStatementAndSkipsEmptyOnes() throws QueryFailure {
        assertEquals("SELECT 1;", PythonStatement.of("SELECT 1;"));
        assertEquals("SELECT 1;", PythonStatement.of(" ; SELECT 1; -- done"));
        assertEquals("", PythonStatement.of(";;"));
        assertEquals("", PythonStatement.of("-- only a comment"));
        QueryFailure second = assertThrows(QueryFailure.class, () -> PythonStatement.of("SELECT 1;;"));
        assertEquals(Outcome.REFUSED, second.outcome());
        assertTrue(second.getMessage().contains("You can only execute one statement at a time."), second.getMessage());
        assertThrows(QueryFailure.class, () -> PythonStatement.of("SELECT 1; # c"));
    }

    @Test
    void lexingIsLinearOnHostileText() {
        String quotes = "SELECT '" + "\\'".repeat(200_000);
        String unclosed = "'a".repeat(100_000) + " DISTINCT x";
        assertTimeoutPreemptively(Duration.ofSeconds(20), () -> {
            OfficialRewrite.removeDistinct(quotes);
            assertTrue(OfficialRewrite.removeDistinct(unclosed).endsWith("  x"));
        });
    }
}
