package io.evalstream.metrics.predictions;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A multiple-choice predictions file (MMLU): either one answer per line in the suite's item
 * order, or {@code item_id<TAB>answer} lines in any order. An answer is kept as written (the
 * metric reads the letter). Refused with the file and line named: a line count other than the
 * suite's, both forms mixed, an unknown or repeated item id, an item with no line, and everything
 * {@link PredictionLines} refuses.
 */
public final class LetterPredictionsFile {
    private LetterPredictionsFile() {
    }

    /** The answer of each item id, for the given ids in suite order. */
    public static Map<String, String> read(Path file, List<String> itemIds) {
        return read(PredictionLines.read(file), itemIds);
    }

    public static Map<String, String> read(PredictionLines file, List<String> itemIds) {
        List<String> lines = file.lines();
        Set<String> known = new HashSet<>(itemIds);
        boolean byId = !lines.isEmpty() && lines.get(0).indexOf('\t') >= 0;
        Map<String, String> answers = new LinkedHashMap<>();
        if (!byId) {
            if (lines.size() != itemIds.size()) {
                int line = Math.min(lines.size(), itemIds.size()) + 1;
                throw new PredictionsFileException(file.file(), line, "the file has " + lines.size() + " lines but the suite has "
                        + itemIds.size() + " items; line i must hold the answer to item i (or write 'item_id<TAB>answer' lines)");
            }
            for (int i = 0; i < lines.size(); i++) {
                if (lines.get(i).indexOf('\t') >= 0) {
                    throw new PredictionsFileException(file.file(), i + 1, "an 'item_id<TAB>answer' line in a file whose line 1 is"
                            + " a bare answer; use one form for the whole file");
                }
                answers.put(itemIds.get(i), lines.get(i).strip());
            }
            return answers;
        }
        Map<String, Integer> lineOf = new HashMap<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            int tab = line.indexOf('\t');
            if (tab < 0) {
                throw new PredictionsFileException(file.file(), i + 1, "a bare answer in a file of 'item_id<TAB>answer' lines;"
                        + " use one form for the whole file");
            }
            String id = line.substring(0, tab).strip();
            if (!known.contains(id)) {
                throw new PredictionsFileException(file.file(), i + 1, "item '" + id + "' is not in this run's suite");
            }
            Integer earlier = lineOf.putIfAbsent(id, i + 1);
            if (earlier != null) {
                throw new PredictionsFileException(file.file(), i + 1, "item '" + id + "' already has an answer on line " + earlier);
            }
            answers.put(id, line.substring(tab + 1).strip());
        }
        for (String id : itemIds) {
            if (!answers.containsKey(id)) {
                throw new PredictionsFileException(file.file(), 0, "no line for item '" + id + "' (" + answers.size() + " of "
                        + itemIds.size() + " items answered)");
            }
        }
        Map<String, String> ordered = new LinkedHashMap<>();
        itemIds.forEach(id -> ordered.put(id, answers.get(id)));
        return ordered;
    }
}
