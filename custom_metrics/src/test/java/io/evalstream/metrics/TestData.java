package io.evalstream.metrics;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared data folder for tests: env EVALSTREAM_DATA, else -Devalstream.data.default (set by the parent pom). */
public final class TestData {
    private TestData() {
    }

    /** The data root, or the test is skipped with a message naming what is missing and how to get it. */
    public static Path dataDir() {
        String env = System.getenv("EVALSTREAM_DATA");
        String dir = env != null && !env.isBlank() ? env : System.getProperty("evalstream.data.default");
        assumeTrue(dir != null, "no data folder: set EVALSTREAM_DATA to the folder holding spider/ (see shared/data/MANIFEST.md)");
        Path root = Path.of(dir);
        assumeTrue(Files.isRegularFile(root.resolve("spider/dev.json")),
                "Spider dev.json not found under " + root.toAbsolutePath() + ": set EVALSTREAM_DATA to a data folder with spider/dev.json, "
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
}
