package io.evalstream.metrics.predictions;

import io.evalstream.metrics.spider.SpiderItem;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * A Spider predictions file in the official evaluator's format: line i is the prediction for
 * dev.json item i, optionally followed by a tab and the item's db_id ({@code SQL<TAB>db_id}, the
 * format of dev_gold.sql). The one reader behind {@code score-file}, {@code replay} and the JUnit
 * per-item tests, so all three see the same predictions. Refused with the file and line named:
 * a line count other than the dev set's, a db_id column that disagrees with dev.json (the first
 * such line: the file is shifted or in another order), a db_id column on some lines only, and
 * everything {@link PredictionLines} refuses. A blank line is an empty prediction.
 */
public final class SpiderPredictionsFile {
    private SpiderPredictionsFile() {
    }

    /** The prediction of each item, in dev.json order, with the db_id column removed. */
    public static List<String> read(Path file, List<SpiderItem> items) {
        return read(PredictionLines.read(file), items);
    }

    public static List<String> read(PredictionLines file, List<SpiderItem> items) {
        List<String> lines = file.lines();
        if (lines.size() != items.size()) {
            int line = Math.min(lines.size(), items.size()) + 1;
            throw new PredictionsFileException(file.file(), line, "the file has " + lines.size() + " lines but the dev set has "
                    + items.size() + " items; line i must hold the prediction for dev.json item i (one per line, a blank line"
                    + " for none): line " + line + " is the first " + (lines.size() < items.size() ? "missing" : "extra") + " one");
        }
        Set<String> dbIds = new HashSet<>();
        items.forEach(i -> dbIds.add(i.dbId()));
        int firstWithColumn = -1;
        for (int i = 0; i < lines.size() && firstWithColumn < 0; i++) {
            if (!lines.get(i).isBlank()) {
                firstWithColumn = dbIds.contains(lastField(lines.get(i))) ? i : -2;
            }
        }
        boolean dbColumn = firstWithColumn >= 0;
        List<String> predictions = new ArrayList<>(lines.size());
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (!dbColumn) {
                predictions.add(line);
                continue;
            }
            int tab = line.lastIndexOf('\t');
            if (tab < 0) {
                throw new PredictionsFileException(file.file(), i + 1, "no tab and db_id, while line " + (firstWithColumn + 1)
                        + " has one: give every line as 'SQL<TAB>db_id', or no line");
            }
            String dbId = line.substring(tab + 1).strip();
            if (!dbId.equals(items.get(i).dbId())) {
                throw new PredictionsFileException(file.file(), i + 1, "db_id '" + dbId + "' but dev.json item " + i + " is on '"
                        + items.get(i).dbId() + "': the file is shifted or not in dev.json order (line i must hold item i)");
            }
            predictions.add(line.substring(0, tab));
        }
        return List.copyOf(predictions);
    }

    private static String lastField(String line) {
        int tab = line.lastIndexOf('\t');
        return tab < 0 ? null : line.substring(tab + 1).strip();
    }
}
