package io.evalstream.metrics.spider;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes one verdict per line as JSON: index, db_id, hardness, outcome, score, reason, output (the prediction), executed (the SQL run). */
public final class VerdictsFile {
    private VerdictsFile() {
    }

    public static void write(Path file, List<ItemVerdict> verdicts) {
        ObjectMapper json = new ObjectMapper();
        try {
            if (file.getParent() != null) {
                Files.createDirectories(file.getParent());
            }
            try (BufferedWriter w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
                for (ItemVerdict v : verdicts) {
                    w.write(json.writeValueAsString(v.toJsonFields()));
                    w.write('\n');
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write verdicts to " + file.toAbsolutePath(), e);
        }
    }
}
