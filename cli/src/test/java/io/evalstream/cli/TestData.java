package io.evalstream.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Where the tests find the data folder; a test whose data is absent is skipped with a message. */
final class TestData {

    static Path dataDir() {
        String env = System.getenv("EVALSTREAM_DATA");
        Path dir = env != null && !env.isBlank() ? Path.of(env) : Path.of(System.getProperty("evalstream.data.default", "../../shared/data"));
        assumeTrue(Files.isDirectory(dir.resolve("spider")) && Files.isDirectory(dir.resolve("mmlu")),
                "needs the Spider and MMLU data in " + dir.toAbsolutePath()
                        + ": set EVALSTREAM_DATA to a folder with spider/ and mmlu/ (see the README, 'Data')");
        return dir;
    }

    /** The repository's experiments folder. */
    static Path experiments() {
        return Path.of(System.getProperty("evalstream.root", "..")).resolve("experiments").toAbsolutePath().normalize();
    }

    private TestData() {
    }
}
