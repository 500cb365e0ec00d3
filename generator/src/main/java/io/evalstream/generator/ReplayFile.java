package io.evalstream.generator;

import io.evalstream.generator.task.OutputType;
import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * One benchmark's predictions file for {@link ReplayModel}. Generated text is one reply per line,
 * aligned with the item order, kept exactly as written. Multiple-choice letters are either one a
 * line in item order or {@code item_id<TAB>letter} lines (a letter cannot hold a tab; SQL can).
 */
record ReplayFile(Path file, List<String> aligned, Map<String, String> byId) {

    /** Reads the file and feeds its bytes to the digest. */
    static ReplayFile read(Path file, OutputType outputType, MessageDigest digest) {
        List<String> lines = readLines(file, digest);
        if (outputType == OutputType.GENERATE_UNTIL) {
            return new ReplayFile(file, lines, Map.of());
        }
        Map<String, String> byId = new HashMap<>();
        List<String> aligned = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            int tab = line.indexOf('\t');
            if (tab >= 0) {
                byId.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
            } else {
                aligned.add(line);
            }
        }
        if (!byId.isEmpty() && !aligned.isEmpty()) {
            throw new IllegalArgumentException(file + ": mixes 'item_id<TAB>letter' lines with bare letters;"
                    + " use one form for the whole file");
        }
        return new ReplayFile(file, aligned, byId);
    }

    String answer(EvalItem item) {
        if (!byId.isEmpty()) {
            String letter = byId.get(item.getItemId());
            if (letter == null) {
                throw new IllegalArgumentException(file + " has no line for item " + item.getItemId());
            }
            return letter;
        }
        int index = item.getIndex();
        if (index < 0 || index >= aligned.size()) {
            throw new IllegalArgumentException(file + " has " + aligned.size() + " lines; item " + item.getItemId()
                    + " needs line " + (index + 1) + " (lines align with the item order)");
        }
        return aligned.get(index);
    }

    private static List<String> readLines(Path file, MessageDigest digest) {
        try {
            byte[] bytes = Files.readAllBytes(file);
            digest.update(bytes);
            String text = new String(bytes, StandardCharsets.UTF_8);
            List<String> lines = new ArrayList<>(List.of(text.split("\r?\n", -1)));
            if (!lines.isEmpty() && lines.get(lines.size() - 1).isEmpty()) {
                lines.remove(lines.size() - 1);
            }
            return lines;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read predictions file " + file + ": " + e.getMessage(), e);
        }
    }
}
