package io.evalstream.producers;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared data folder: env EVALSTREAM_DATA, else the surefire property evalstream.data.default. */
final class TestData {
    private TestData() {
    }

    static Path dataDir() {
        Path dir = folder("EVALSTREAM_DATA", "evalstream.data.default");
        return dir != null ? dir : Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** Skips the test unless Spider's dev.json, tables.json and train_spider.reduced.json are present. */
    static Path spider() {
        Path data = dataDir();
        Path spider = data.resolve("spider");
        assumeTrue(Files.isRegularFile(spider.resolve("dev.json")) && Files.isRegularFile(spider.resolve("tables.json"))
                        && Files.isRegularFile(spider.resolve("train_spider.reduced.json")),
                () -> "Spider data not found under " + spider + " (set EVALSTREAM_DATA to the data folder). "
                        + DataSource.SPIDER.howToGet());
        return data;
    }

    /** Skips the test unless the MMLU test/dev/val folders are present. */
    static Path mmlu() {
        Path data = dataDir();
        Path mmlu = data.resolve("mmlu");
        assumeTrue(Files.isDirectory(mmlu.resolve("test")) && Files.isDirectory(mmlu.resolve("dev")),
                () -> "MMLU data not found under " + mmlu + " (set EVALSTREAM_DATA to the data folder). "
                        + DataSource.MMLU.howToGet());
        return data;
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
