package io.evalstream.testing;

import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Where tests find a folder an environment variable names (the data, the tokenizers). Shared by
 * the modules whose tests use this test-jar; custom_metrics, which uses no Kafka, keeps its own.
 */
public final class TestFolders {
    private TestFolders() {
    }

    /**
     * The folder an environment variable names, a relative one taken from the folder the build
     * started in (the pom passes it: tests run in their module's folder); without the variable,
     * the pom's default, or null. A folder the variable names must exist: a wrong path fails the
     * test instead of skipping it.
     */
    public static Path fromEnvironment(String variable, String defaultProperty) {
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
