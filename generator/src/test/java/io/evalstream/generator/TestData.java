package io.evalstream.generator;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.testing.TestFolders;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the generator's tests find the shared tokenizer folders (shared/models/tokenizers). */
public final class TestData {

    /** The shared tokenizers: EVALSTREAM_TOKENIZERS, else the pom's default; null when neither is set. */
    public static Path tokenizers() {
        return TestFolders.fromEnvironment("EVALSTREAM_TOKENIZERS", "evalstream.tokenizers.default");
    }

    /** One shared tokenizer folder (llama3, llama2, qwen3), or the test is skipped with a message saying where to get it. */
    public static Path tokenizer(String name) {
        Path root = tokenizers();
        assumeTrue(root != null && Files.isRegularFile(root.resolve(name).resolve("tokenizer.json")),
                "needs the shared tokenizer folder " + name + " in " + root + " (set EVALSTREAM_TOKENIZERS to shared/models/tokenizers)");
        return root.resolve(name);
    }

    private TestData() {
    }
}
