package io.evalstream.cli;

import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.Topics;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The records of a run that a stage could not handle, grouped by stage and reason, below the result table. */
final class DeadLetterSummary {
    private static final int EXAMPLES = 5;

    static void print(List<DeadLetter> letters, PrintStream out) {
        if (letters.isEmpty()) {
            return;
        }
        out.println(letters.size() + " record(s) dead-lettered on " + Topics.DEAD_LETTERS.name()
                + " (not in the counts above; fix the cause and run again with a new run id):");
        Map<String, Integer> byStage = new TreeMap<>();
        letters.forEach(l -> byStage.merge(l.getStage(), 1, Integer::sum));
        byStage.forEach((stage, n) -> out.println("  " + stage + ": " + n));
        letters.stream().limit(EXAMPLES).forEach(l -> out.println("  - " + l.getKey() + ": " + l.getReason()));
        if (letters.size() > EXAMPLES) {
            out.println("  ... and " + (letters.size() - EXAMPLES) + " more");
        }
    }

    private DeadLetterSummary() {
    }
}
