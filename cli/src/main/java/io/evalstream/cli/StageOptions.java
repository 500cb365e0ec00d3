package io.evalstream.cli;

import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.cli.config.ExperimentConfigReader;
import java.nio.file.Path;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** What a stage run as its own process is told: the experiment, which instance it is, and the shared options. */
public final class StageOptions {
    @Parameters(index = "0", paramLabel = "CONFIG", description = "Experiment YAML, the same file for every stage of a run.")
    Path configFile;

    @Option(names = "--instance", defaultValue = "0", description = "Distinct per process of this stage (names its transactional id).")
    int instance;

    @Mixin
    CommonOptions common;

    public ExperimentConfig config() {
        return ExperimentConfigReader.read(configFile);
    }

    public int instance() {
        return instance;
    }

    public CommonOptions common() {
        return common;
    }
}
