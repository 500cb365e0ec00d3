package io.evalstream.generator;

import static org.junit.jupiter.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the generator's tests find the shared tokenizer folders (shared/models/tokenizers). */
public final class TestData {

    /** The shared tokenizers: EVALSTREAM_TOKENIZERS, else the pom's default; null when neither is set. */
    public static Path tokenizers() {
        return folder("EVALSTREAM_TOKENIZERS", "evalstream.tokenizers.default");
    }

    /** One shared tokenizer folder (llama3, llama2, qwen3), or the test is skipped with a message saying where to get it. */
    public static Path tokenizer(String name) {
        Path root = tokenizers();
        assumeTrue(root != null && Files.isRegularFile(root.resolve(name).resolve("tokenizer.json")),
                "needs the shared tokenizer folder " + name + " in " + root + " (set EVALSTREAM_TOKENIZERS to shared/models/tokenizers)");
        return root.resolve(name);
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

    private TestData() {
    }
}
