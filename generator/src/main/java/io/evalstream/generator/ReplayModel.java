package io.evalstream.generator;

import io.evalstream.generator.task.BenchmarkTasks;
import io.evalstream.schemas.Benchmark;
import io.evalstream.schemas.EvalItem;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Replays predictions made elsewhere. Spider: one SQL per line, aligned with dev.json (the
 * official evaluator's input format). MMLU: one letter per line aligned with the suite's order,
 * or {@code item_id<TAB>letter} lines. An item the files do not cover is an error naming it.
 */
public final class ReplayModel implements Model {
    public static final String KIND = "replay";

    private final String modelId;
    private final Map<Benchmark, ReplayFile> files;
    private final String sha256;

    private ReplayModel(String modelId, Map<Benchmark, ReplayFile> files, String sha256) {
        this.modelId = modelId;
        this.files = files;
        this.sha256 = sha256;
    }

    /** Either file may be null when the run has no such benchmark. Each file is read as its benchmark's output type says. */
    public static ReplayModel load(String modelId, Path spiderFile, Path mmluFile) {
        Map<Benchmark, Path> paths = new LinkedHashMap<>();
        paths.put(Benchmark.SPIDER, spiderFile);
        paths.put(Benchmark.MMLU, mmluFile);
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            Map<Benchmark, ReplayFile> files = new LinkedHashMap<>();
            paths.forEach((benchmark, path) -> {
                if (path != null) {
                    files.put(benchmark, ReplayFile.read(path, BenchmarkTasks.of(benchmark).outputType(), digest));
                }
            });
            return new ReplayModel(modelId, files, HexFormat.of().formatHex(digest.digest()));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public List<String> modelIds() {
        return List.of(modelId);
    }

    @Override
    public ModelIdentity identity(String id) {
        String source = files.values().stream().map(f -> f.file().toString()).collect(Collectors.joining(","));
        return new ModelIdentity(KIND, source, sha256, null);
    }

    @Override
    public List<ModelAnswer> answer(List<Request> requests) {
        return requests.stream().map(r -> ModelAnswer.text(lookup(r.item()))).toList();
    }

    private String lookup(EvalItem item) {
        ReplayFile file = files.get(item.getBenchmark());
        if (file == null) {
            throw new IllegalArgumentException("no predictions file for " + item.getBenchmark() + " (item " + item.getItemId() + ")");
        }
        return file.answer(item);
    }
}
