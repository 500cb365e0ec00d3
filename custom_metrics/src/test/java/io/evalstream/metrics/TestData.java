package io.evalstream.metrics;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared data folder for tests: env EVALSTREAM_DATA, else -Devalstream.data.default (set by the parent pom). */
public final class TestData {
    private TestData() {
    }

    /** The data root, or the test is skipped with a message naming what is missing and how to get it. */
    public static Path dataDir() {
        Path root = folder("EVALSTREAM_DATA", "evalstream.data.default");
        assumeTrue(root != null, "no data folder: set EVALSTREAM_DATA to the folder holding spider/ (see shared/data/MANIFEST.md)");
        assumeTrue(Files.isRegularFile(root.resolve("spider/dev.json")),
                "Spider dev.json not found under " + root + ": set EVALSTREAM_DATA to a data folder with spider/dev.json, "
                        + "spider/dev_gold.sql and spider/database/ (see shared/data/spider/MANIFEST.md)");
        return root;
    }

    /** The data root with the given dev database present, or the test is skipped. */
    public static Path dataDirWithDatabase(String dbId) {
        Path root = dataDir();
        Path db = root.resolve("spider/database/" + dbId + "/" + dbId + ".sqlite");
        assumeTrue(Files.isRegularFile(db), "Spider database " + db + " not found: copy the Spider dev databases into spider/database/ "
                + "(see shared/data/spider/MANIFEST.md)");
        return root;
    }

    /**
     * The folder an environment variable names, a relative one taken from the folder the build
     * started in (the pom passes it: tests run in their module's folder); without the variable,
     * the pom's default, or null. A folder the variable names must exist: a wrong path fails the
     * test instead of skipping it.
     */
    static Path folder(String variable, String defaultProperty) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            String fallback = System.getProperty(defaultProperty);
            return fallback == null ? null : Path.of(fallback).toAbsolutePath().normalize();
        }
        Path start = Path.of(System.getProperty("evalstream.build.dir", System.getProperty("user.dir")));
        Path dir = start.resolve(value).normalize();
        if (!Files.isDirectory(dir)) {
            fail(variable + "=" + value + " is " + dir + ", which is not a folder"
                    + (Path.of(value).isAbsolute() ? "" : " (a relative path is taken from " + start + ", where the build started)")
                    + ": set it to the folder, or unset it to use " + System.getProperty(defaultProperty));
        }
        return dir;
    }
}
