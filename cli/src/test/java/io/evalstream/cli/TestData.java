package io.evalstream.cli;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the data folder; a test whose data is absent is skipped with a message. */
public final class TestData {

    public static Path dataDir() {
        Path dir = dataFolder();
        assumeTrue(Files.isDirectory(dir.resolve("spider")) && Files.isDirectory(dir.resolve("mmlu")),
                "needs the Spider and MMLU data in " + dir.toAbsolutePath()
                        + ": set EVALSTREAM_DATA to a folder with spider/ and mmlu/ (see the README, 'Data')");
        return dir;
    }

    /** EVALSTREAM_DATA (relative to where the build started), else the pom's default, else shared/ beside the checkout. */
    public static Path dataFolder() {
        Path dir = folder("EVALSTREAM_DATA", "evalstream.data.default");
        return dir != null ? dir : Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** The repository's experiments folder. */
    static Path experiments() {
        return Path.of(System.getProperty("evalstream.root", "..")).resolve("experiments").toAbsolutePath().normalize();
    }

    private TestData() {
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
