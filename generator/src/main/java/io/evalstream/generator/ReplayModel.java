package io.evalstream.generator;

import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;

/**
 * Replays predictions made elsewhere. Spider: one SQL per line, aligned with dev.json (the
 * official evaluator's input format). MMLU: one letter per line aligned with the suite's order,
 * or {@code item_id<TAB>letter} lines. An item the files do not cover is an error naming it.
 */
public final class ReplayModel implements Model {
    public static final String KIND = "replay";

    private final String modelId;
    private final Path spiderFile;
    private final Path mmluFile;
    private final List<String> spiderLines;
    private final List<String> mmluLines;
    private final Map<String, String> mmluById;
    private final String sha256;

    private ReplayModel(String modelId, Path spiderFile, Path mmluFile, List<String> spiderLines,
                        List<String> mmluLines, Map<String, String> mmluById, String sha256) {
        this.modelId = modelId;
        this.spiderFile = spiderFile;
        this.mmluFile = mmluFile;
        this.spiderLines = spiderLines;
        this.mmluLines = mmluLines;
        this.mmluById = mmluById;
        this.sha256 = sha256;
    }

    /** Either file may be null when the run has no such benchmark. */
    public static ReplayModel load(String modelId, Path spiderFile, Path mmluFile) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            List<String> spider = spiderFile == null ? List.of() : readLines(spiderFile, digest);
            List<String> mmlu = mmluFile == null ? List.of() : readLines(mmluFile, digest);
            Map<String, String> byId = new HashMap<>();
            List<String> aligned = new ArrayList<>();
            for (int i = 0; i < mmlu.size(); i++) {
                String line = mmlu.get(i).strip();
                int tab = line.indexOf('\t');
                if (tab >= 0) {
                    byId.put(line.substring(0, tab).strip(), line.substring(tab + 1).strip());
                } else {
                    aligned.add(line);
                }
            }
            if (!byId.isEmpty() && !aligned.isEmpty()) {
                throw new IllegalArgumentException(mmluFile + ": mixes 'item_id<TAB>letter' lines with bare letters;"
                        + " use one form for the whole file");
            }
            return new ReplayModel(modelId, spiderFile, mmluFile, spider, aligned, byId,
                    HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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

    @Override
    public List<String> modelIds() {
        return List.of(modelId);
    }

    @Override
    public ModelIdentity identity(String id) {
        String source = (spiderFile == null ? "" : spiderFile.toString())
                + (mmluFile == null ? "" : (spiderFile == null ? "" : ",") + mmluFile);
        return new ModelIdentity(KIND, source, sha256, null);
    }

    @Override
    public List<ModelAnswer> answer(List<Request> requests) {
        return requests.stream().map(r -> ModelAnswer.text(lookup(r.item()))).toList();
    }

    private String lookup(EvalItem item) {
        if (item.getBenchmark() == Benchmark.SPIDER) {
            return line(spiderLines, item.getIndex(), spiderFile, item);
        }
        if (!mmluById.isEmpty()) {
            String letter = mmluById.get(item.getItemId());
            if (letter == null) {
                throw new IllegalArgumentException(mmluFile + " has no line for item " + item.getItemId());
            }
            return letter;
        }
        return line(mmluLines, item.getIndex(), mmluFile, item);
    }

    private static String line(List<String> lines, int index, Path file, EvalItem item) {
        if (file == null) {
            throw new IllegalArgumentException("no predictions file for " + item.getBenchmark() + " (item " + item.getItemId() + ")");
        }
        if (index < 0 || index >= lines.size()) {
            throw new IllegalArgumentException(file + " has " + lines.size() + " lines; item " + item.getItemId()
                    + " needs line " + (index + 1) + " (lines align with the item order)");
        }
        return lines.get(index);
    }
}
