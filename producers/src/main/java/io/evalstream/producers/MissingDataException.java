package io.evalstream.producers;

import java.nio.file.Files;
import java.nio.file.Path;

/** A file the benchmark needs is not in the data folder; the message says where to get it. */
public final class MissingDataException extends RuntimeException {
    private final transient Path file;

    public MissingDataException(Path file, DataSource source) {
        super("missing data file " + file + ": " + source.howToGet());
        this.file = file;
    }

    public Path file() {
        return file;
    }

    /** Fails with a message saying how to get the data when {@code file} is not a readable file. */
    static Path require(Path file, DataSource source) {
        if (!Files.isRegularFile(file)) {
            throw new MissingDataException(file, source);
        }
        return file;
    }
}
