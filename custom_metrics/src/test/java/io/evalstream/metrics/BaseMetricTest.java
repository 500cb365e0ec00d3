package io.evalstream.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.mmlu.AnswerMatch;
import io.evalstream.metrics.spider.compare.ComparisonMode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import org.junit.jupiter.api.Test;

class BaseMetricTest {

    @Test
    void measureSetsScoreReasonSuccess() {
        AnswerMatch m = new AnswerMatch();
        assertEquals(1.0, m.measure(LLMTestCase.builder().actualOutput("A").expectedOutput("A").build()));
        assertTrue(m.isSuccessful());
        assertEquals(Outcome.CORRECT, m.verdict().outcome());
        assertTrue(m.reason().contains("gold A"));
    }

    @Test
    void stateNeverLeaksIntoTheNextTestCase() {
        AnswerMatch m = new AnswerMatch();
        assertThrows(IllegalArgumentException.class, () -> m.measure(LLMTestCase.builder().actualOutput("A").expectedOutput("?").build()));
        assertFalse(m.isSuccessful());
        assertTrue(m.error() != null);
        assertEquals(0.0, m.measure(LLMTestCase.builder().actualOutput("B").expectedOutput("A").build()));
        assertNull(m.error(), "the error of the previous case is gone");
        assertFalse(m.isSuccessful());
        assertEquals(1.0, m.measure(LLMTestCase.builder().actualOutput("A").expectedOutput("A").build()));
        assertTrue(m.isSuccessful());
    }

    @Test
    void strictModeRaisesTheThresholdToOne() {
        AnswerMatch strict = new AnswerMatch(0.3, true, false, false);
        assertEquals(1.0, strict.threshold());
        strict.measure(LLMTestCase.builder().actualOutput("A").expectedOutput("A").build());
        assertNull(strict.reason(), "includeReason=false leaves the reason out");
    }

    @Test
    void aMeasureDelegates() throws ExecutionException, InterruptedException {
        AnswerMatch async = new AnswerMatch(0.5, false, true, true);
        assertEquals(1.0, async.aMeasure(LLMTestCase.builder().actualOutput("C").expectedOutput("C").build()).get());
        AnswerMatch sync = new AnswerMatch();
        assertTrue(sync.aMeasure(LLMTestCase.builder().actualOutput("C").expectedOutput("?").build()).isCompletedExceptionally());
    }

    @Test
    void testCaseIsImmutable() {
        List<String> context = new ArrayList<>(List.of("concert_singer"));
        LLMTestCase tc = LLMTestCase.builder().context(context).metadata("k", "v").build();
        context.add("changed");
        assertEquals(List.of("concert_singer"), tc.context());
        assertThrows(UnsupportedOperationException.class, () -> tc.context().add("x"));
        assertThrows(UnsupportedOperationException.class, () -> tc.metadata().put("k2", "v"));
        assertEquals(Map.of("k", "v"), tc.metadata());
    }

    @Test
    void outcomeLabels() {
        assertEquals("wrong_result", Outcome.WRONG_RESULT.label());
        assertEquals("unscorable_db_missing", Outcome.UNSCORABLE_DB_MISSING.label());
        for (Outcome o : Outcome.values()) {
            assertEquals(!o.name().startsWith("UNSCORABLE"), o.scorable(), o.name());
            assertEquals(o, Outcome.fromLabel(o.label()));
        }
        assertEquals("official", ComparisonMode.OFFICIAL.label());
    }
}
