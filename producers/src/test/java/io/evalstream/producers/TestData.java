package io.evalstream.producers;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.evalstream.testing.TestFolders;
import java.nio.file.Files;
import java.nio.file.Path;

/** Finds the shared data folder: env EVALSTREAM_DATA, else the surefire property evalstream.data.default. */
final class TestData {
    private TestData() {
    }

    static Path dataDir() {
        Path dir = TestFolders.fromEnvironment("EVALSTREAM_DATA", "evalstream.data.default");
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

}
