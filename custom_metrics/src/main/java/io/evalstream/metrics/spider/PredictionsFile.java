package io.evalstream.metrics.spider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.MalformedInputException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A predictions file in the official evaluator's format: line i is the predicted SQL for
 * dev.json item i. A blank line is an empty prediction (scored EMPTY_OUTPUT). A line in the
 * gold format "SQL&lt;TAB&gt;db_id" is accepted too when the part after the last tab is that item's
 * db_id, so dev_gold.sql itself can serve as a predictions file.
 */
public final class PredictionsFile {
    private PredictionsFile() {
    }

    public static List<String> read(Path file, List<SpiderItem> items) {
        int expectedCount = items.size();
        List<String> lines;
        try {
            lines = new ArrayList<>(Files.readAllLines(file, StandardCharsets.UTF_8));
        } catch (MalformedInputException e) {
            throw new IllegalArgumentException(file + ": not UTF-8 text; write the predictions file as UTF-8", e);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read predictions file " + file.toAbsolutePath(), e);
        }
        // a final newline is not an extra, empty prediction
        if (lines.size() == expectedCount + 1 && lines.get(expectedCount).isBlank()) {
            lines.remove(expectedCount);
        }
        if (lines.size() != expectedCount) {
            throw new IllegalArgumentException(file + " has " + lines.size() + " lines but the dev set has " + expectedCount
                    + " items: line i must hold the prediction for dev.json item i (one SQL per line, a blank line for none)");
        }
        List<String> predictions = new ArrayList<>(expectedCount);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            int tab = line.lastIndexOf('\t');
            boolean goldFormat = tab >= 0 && line.substring(tab + 1).trim().equals(items.get(i).dbId());
            predictions.add(goldFormat ? line.substring(0, tab) : line);
        }
        return List.copyOf(predictions);
    }
}
