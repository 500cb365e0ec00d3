package io.evalstream.cli;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.testing.TestFolders;
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
        Path dir = TestFolders.fromEnvironment("EVALSTREAM_DATA", "evalstream.data.default");
        return dir != null ? dir : Path.of("../../shared/data").toAbsolutePath().normalize();
    }

    /** The repository's experiments folder. */
    static Path experiments() {
        return Path.of(System.getProperty("evalstream.root", "..")).resolve("experiments").toAbsolutePath().normalize();
    }

    private TestData() {
    }
}
