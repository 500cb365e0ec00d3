package io.evalstream.metrics.predictions;

import java.nio.file.Path;

/** A predictions file that cannot be used as it is; the message names the file, the line when there is one, and what to do. */
public final class PredictionsFileException extends IllegalArgumentException {
    private final Path file;
    private final int line;

    PredictionsFileException(Path file, int line, String problem) {
        super(file + (line > 0 ? ":" + line : "") + ": " + problem);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** 1-based line number, or 0 when the problem is the whole file. */
    public int line() {
        return line;
    }
}
