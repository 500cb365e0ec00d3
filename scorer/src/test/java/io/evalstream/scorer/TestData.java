package io.evalstream.scorer;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.testing.TestFolders;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where the scorer's tests find the data folder; a test whose data is absent is skipped with a message. */
final class TestData {

    /** The data folder with Spider's databases: EVALSTREAM_DATA, else the pom's default. */
    static Path spiderDatabases() {
        Path dir = TestFolders.fromEnvironment("EVALSTREAM_DATA", "evalstream.data.default");
        assumeTrue(dir != null && Files.isDirectory(dir.resolve("spider/database")), "needs the Spider databases in "
                + dir + "/spider/database: set EVALSTREAM_DATA (see the README, 'Data')");
        return dir;
    }

    private TestData() {
    }
}
