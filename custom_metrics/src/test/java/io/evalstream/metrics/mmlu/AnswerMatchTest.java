package io.evalstream.metrics.mmlu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class AnswerMatchTest {
    private final AnswerMatch metric = new AnswerMatch();

    private static LLMTestCase mmlu(String output, String gold) {
        return LLMTestCase.builder().input("question").actualOutput(output).expectedOutput(gold).build();
    }

    @ParameterizedTest
    @ValueSource(strings = {"B", " B ", "B.", "(B)", "B)", "B: Paris", "B. Paris", "The answer is (B)", "the answer is B.", "Answer: B",
            "answer: (b)", "I think the answer is B because...", "(B) Paris"})
    void readsTheLetter(String output) {
        Verdict v = metric.evaluate(mmlu(output, "B"));
        assertEquals(Outcome.CORRECT, v.outcome(), output + " -> " + v.reason());
        assertEquals(1.0, v.score());
    }

    @Test
    void wrongAndMissingChoices() {
        assertEquals(Outcome.WRONG_CHOICE, metric.evaluate(mmlu("C", "B")).outcome());
        assertEquals(Outcome.NO_CHOICE, metric.evaluate(mmlu("I am not sure.", "B")).outcome());
        assertEquals(Outcome.NO_CHOICE, metric.evaluate(mmlu("", "B")).outcome());
        assertEquals(Outcome.NO_CHOICE, metric.evaluate(mmlu(null, "B")).outcome());
        assertNull(AnswerMatch.chosenLetter("A cat is an animal"), "the article 'A' is not a choice");
        assertNull(AnswerMatch.chosenLetter("I believe the answer is a cat"), "nor is the article 'a'");
    }

    @Test
    void logProbabilitiesWinOverText() {
        LLMTestCase tc = mmlu("A", "C").toBuilder().metadata(AnswerMatch.LOGPROBS_KEY, Map.of("A", -2.0, "B", -3.1, "C", -0.2, "D", -4.0)).build();
        Verdict v = metric.evaluate(tc);
        assertEquals(Outcome.CORRECT, v.outcome());
        assertTrue(v.reason().contains("log-probabilities"));
    }

    @Test
    void badGoldIsAnError() {
        assertThrows(IllegalArgumentException.class, () -> metric.evaluate(mmlu("A", "paris")));
        assertThrows(IllegalArgumentException.class, () -> metric.measure(mmlu("A", "")));
        assertFalse(metric.isSuccessful());
        assertTrue(metric.error().contains("gold letter"));
    }
}
