package io.evalstream.producers;

import java.nio.file.Path;

/**
 * A data file does not have the shape this reader expects. The message names the file, the line
 * (where one is known) and what was expected, so the bad record can be found with an editor.
 */
public final class DataFormatException extends RuntimeException {
    /** Line number when no line applies (an error about the file as a whole). */
    public static final int NO_LINE = -1;

    private final transient Path file;
    private final int line;

    public DataFormatException(Path file, int line, String problem) {
        this(file, line, problem, null);
    }

    public DataFormatException(Path file, int line, String problem, Throwable cause) {
        super(location(file, line) + ": " + problem, cause);
        this.file = file;
        this.line = line;
    }

    public Path file() {
        return file;
    }

    /** The 1-based physical line where the problem starts, or {@link #NO_LINE}. */
    public int line() {
        return line;
    }

    private static String location(Path file, int line) {
        return line > 0 ? file + ":" + line : file.toString();
    }
}
