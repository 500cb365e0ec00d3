package io.evalstream.cli;

import io.evalstream.cli.pipeline.Pipeline;
import io.evalstream.schemas.DeadLetter;
import io.evalstream.schemas.Topics;
import java.io.PrintStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Below the result table: the run's records a stage could not handle (by stage and kind, with
 * examples), the records keyed with the run id that stand for no expected item (foreign, never
 * counted), and the dead letters this run's stages wrote for records of other runs.
 */
final class DeadLetterSummary {
    private static final int EXAMPLES = 5;

    static void print(String runId, Pipeline.Outcome outcome, PrintStream out) {
        print(outcome.deadLetters(), out);
        if (!outcome.foreign().isEmpty()) {
            long total = outcome.foreign().values().stream().mapToLong(Long::longValue).sum();
            out.println(total + " record(s) keyed with run " + runId + " stand for no (model, item) pair its manifest expects "
                    + "(foreign: never counted):");
            outcome.foreign().forEach((what, n) -> out.println("  " + what + ": " + n));
        }
        Map<String, Long> others = new TreeMap<>(outcome.deadLetteredByRun());
        others.remove(runId);
        if (!others.isEmpty()) {
            out.println("this run's stages also dead-lettered records of other runs on " + Topics.DEAD_LETTERS.name()
                    + " (they read every record of their topics):");
            others.forEach((run, n) -> out.println("  " + run + ": " + n));
        }
    }

    static void print(List<DeadLetter> letters, PrintStream out) {
        if (letters.isEmpty()) {
            return;
        }
        out.println(letters.size() + " expected (model, item) pair(s) dead-lettered on " + Topics.DEAD_LETTERS.name()
                + " (not in the counts above; fix the cause and run again with a new run id):");
        Map<String, Integer> byStage = new TreeMap<>();
        letters.forEach(l -> byStage.merge(l.getStage() + " " + l.getKind(), 1, Integer::sum));
        byStage.forEach((stage, n) -> out.println("  " + stage + ": " + n));
        letters.stream().limit(EXAMPLES).forEach(l -> out.println("  - " + l.getPredictionId() + ": " + l.getReason()));
        if (letters.size() > EXAMPLES) {
            out.println("  ... and " + (letters.size() - EXAMPLES) + " more");
        }
    }

    private DeadLetterSummary() {
    }
}
