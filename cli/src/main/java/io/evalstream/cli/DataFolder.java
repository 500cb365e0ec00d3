package io.evalstream.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** The {@code --data} option every command that reads Spider or MMLU shares, and how the folder is found. */
public final class DataFolder {
    @Option(names = "--data", paramLabel = "DIR",
            description = "The data folder (spider/, mmlu/). Default: the experiment config's data key where there is one, else env EVALSTREAM_DATA.")
    Path given;

    /** The data folder: --data, then the config's (may be null), then EVALSTREAM_DATA; it must exist. */
    public Path resolve(Path fromConfig) {
        Path chosen = given != null ? given : fromConfig;
        if (chosen == null) {
            String env = System.getenv("EVALSTREAM_DATA");
            if (env == null || env.isBlank()) {
                throw new IllegalArgumentException("no data folder: pass --data DIR or set EVALSTREAM_DATA "
                        + "(a folder with spider/ and mmlu/; the README says where to get them)");
            }
            chosen = Path.of(env);
        }
        if (!Files.isDirectory(chosen)) {
            throw new IllegalArgumentException("data folder " + chosen.toAbsolutePath() + " does not exist");
        }
        return chosen;
    }

    /** The data folder of a command without an experiment config: --data, else EVALSTREAM_DATA. */
    public Path resolve() {
        return resolve(null);
    }
}
