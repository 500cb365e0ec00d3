package io.evalstream.metrics.mmlu;

import io.evalstream.metrics.BaseMetric;
import io.evalstream.metrics.LLMTestCase;
import io.evalstream.metrics.Outcome;
import io.evalstream.metrics.Verdict;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * MMLU answer matching. The chosen letter comes from per-letter log-probabilities when the
 * test case's metadata has them under {@link #LOGPROBS_KEY} (a map "A" to -0.3, ...: the
 * highest wins, as in the original MMLU evaluation), otherwise it is read from the text:
 * "B", "B.", "(B)", "B) Paris", "Answer: B", "The answer is (B)". expectedOutput is the gold letter.
 */
public final class AnswerMatch extends BaseMetric {
    public static final String NAME = "answer_match";
    public static final String LOGPROBS_KEY = "choice_logprobs";
    private static final String LETTERS = "ABCD";

    private static final Pattern ONLY_LETTER = Pattern.compile("^\\s*\\(?([A-D])\\)?\\s*[.):]?\\s*$");
    /** "answer is B", "Answer: (b)": a lower-case letter only in parentheses, so "the answer is a cat" names no choice. */
    private static final Pattern ANSWER_IS = Pattern.compile(
            "\\b(?i:answer)\\s*(?:(?i:is)\\s*)?:?\\s*(?:(?i:option)\\s*)?(?:\\(([A-Da-d])\\)|([A-D])(?![A-Za-z]))");
    private static final Pattern LEADING_LETTER = Pattern.compile("^\\s*\\(?([A-D])(?:\\)|\\.|:)(?:\\s|$)");

    public AnswerMatch() {
        super(0.5, false, false, true);
    }

    public AnswerMatch(double threshold, boolean strictMode, boolean asyncMode, boolean includeReason) {
        super(threshold, strictMode, asyncMode, includeReason);
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public String version() {
        return "1";
    }

    @Override
    public Verdict evaluate(LLMTestCase testCase) {
        String gold = testCase.expectedOutput() == null ? "" : testCase.expectedOutput().trim().toUpperCase(Locale.ROOT);
        if (gold.length() != 1 || LETTERS.indexOf(gold.charAt(0)) < 0) {
            throw new IllegalArgumentException("AnswerMatch needs a gold letter A-D in expectedOutput; got '"
                    + testCase.expectedOutput() + "' for input '" + testCase.input() + "'");
        }
        String chosen;
        String source;
        Object logprobs = testCase.metadata().get(LOGPROBS_KEY);
        if (logprobs instanceof Map<?, ?> map && !map.isEmpty()) {
            chosen = argmax(map);
            source = "log-probabilities";
        } else {
            chosen = chosenLetter(testCase.actualOutput());
            source = "text";
        }
        if (chosen == null) {
            return Verdict.failed(Outcome.NO_CHOICE, "no answer letter A-D in the output: '" + abbreviate(testCase.actualOutput()) + "'");
        }
        if (chosen.equals(gold)) {
            return Verdict.correct("chose " + chosen + " (from " + source + "), gold " + gold);
        }
        return Verdict.failed(Outcome.WRONG_CHOICE, "chose " + chosen + " (from " + source + "), gold " + gold);
    }

    /** The letter a free-text answer names, or null. */
    public static String chosenLetter(String output) {
        if (output == null) {
            return null;
        }
        for (Pattern p : new Pattern[] {ONLY_LETTER, ANSWER_IS, LEADING_LETTER}) {
            Matcher m = p.matcher(output);
            if (m.find()) {
                String letter = m.group(1) != null ? m.group(1) : m.group(2);
                return letter.toUpperCase(Locale.ROOT);
            }
        }
        return null;
    }

    private static String argmax(Map<?, ?> logprobs) {
        String best = null;
        double bestValue = Double.NEGATIVE_INFINITY;
        for (Map.Entry<?, ?> e : logprobs.entrySet()) {
            String letter = String.valueOf(e.getKey()).trim().toUpperCase(Locale.ROOT);
            if (letter.length() != 1 || LETTERS.indexOf(letter.charAt(0)) < 0 || !(e.getValue() instanceof Number n)) {
                throw new IllegalArgumentException(LOGPROBS_KEY + " must map letters A-D to numbers; got " + e.getKey() + "=" + e.getValue());
            }
            if (n.doubleValue() > bestValue) {
                bestValue = n.doubleValue();
                best = letter;
            }
        }
        return best;
    }

    private static String abbreviate(String s) {
        if (s == null) {
            return "";
        }
        String one = s.replaceAll("\\s+", " ").trim();
        return one.length() <= 80 ? one : one.substring(0, 77) + "...";
    }
}
