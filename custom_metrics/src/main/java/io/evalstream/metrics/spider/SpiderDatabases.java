package io.evalstream.metrics.spider;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.Optional;
import java.util.stream.Stream;

/** Finds a Spider database file under a data root: {@code <dataDir>/spider/database/<db>/<db>.sqlite}. */
public final class SpiderDatabases {
    private final Path databaseDir;
    private final Map<String, List<Path>> suites = new ConcurrentHashMap<>();

    /** @param dataDir the data root (the folder holding {@code spider/}), as given by --data or EVALSTREAM_DATA */
    public SpiderDatabases(Path dataDir) {
        this.databaseDir = dataDir.resolve("spider").resolve("database");
    }

    /** Uses a folder that directly holds {@code <db>/<db>.sqlite}; for tests working on copies. */
    public static SpiderDatabases inDatabaseFolder(Path databaseDir) {
        return new SpiderDatabases(databaseDir, true);
    }

    /** The flag only tells this constructor apart from the public one, which takes the data root. */
    private SpiderDatabases(Path databaseDir, boolean direct) {
        this.databaseDir = databaseDir;
    }

    public Optional<Path> path(String dbId) {
        Path file = expectedPath(dbId);
        return Files.isRegularFile(file) ? Optional.of(file) : Optional.empty();
    }

    /**
     * The database files the official tool runs a query on: every file of the database's folder
     * whose name contains ".sqlite" (exec_eval.py eval_exec_match, {@code db_paths}), the main
     * one first. The Spider release has one per folder; a test suite adds more.
     */
    public List<Path> suite(String dbId) {
        return suites.computeIfAbsent(dbId, this::listSuite);
    }

    private List<Path> listSuite(String dbId) {
        Path main = expectedPath(dbId);
        List<Path> files = new ArrayList<>();
        files.add(main);
        try (Stream<Path> listing = Files.list(main.getParent())) {
            listing.filter(f -> !f.equals(main) && f.getFileName().toString().contains(".sqlite") && Files.isRegularFile(f))
                    .sorted().forEach(files::add);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list the database folder " + main.getParent(), e);
        }
        return List.copyOf(files);
    }

    /** Where the database file of dbId should be, whether or not it is there. */
    public Path expectedPath(String dbId) {
        if (dbId == null || dbId.isBlank() || dbId.contains("/") || dbId.contains("\\") || dbId.contains("..")) {
            throw new IllegalArgumentException("not a Spider db_id: '" + dbId + "'");
        }
        return databaseDir.resolve(dbId).resolve(dbId + ".sqlite");
    }

    public Path databaseDir() {
        return databaseDir;
    }
}
