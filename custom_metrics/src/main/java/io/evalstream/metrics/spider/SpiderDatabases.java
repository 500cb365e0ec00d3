package io.evalstream.metrics.spider;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** Finds a Spider database file under a data root: {@code <dataDir>/spider/database/<db>/<db>.sqlite}. */
public final class SpiderDatabases {
    private final Path databaseDir;

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
