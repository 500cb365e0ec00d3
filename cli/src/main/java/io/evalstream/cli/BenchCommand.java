package io.evalstream.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/** {@code evalstream bench}: benchmarks that print figures (never tests that fail on time). */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmarks: scoring throughput, and generation throughput beside the machine's limits.",
        subcommands = {BenchScoreCommand.class, BenchGenerateCommand.class})
public final class BenchCommand implements Runnable {
    @Spec
    CommandSpec spec;

    @Override
    public void run() {
        spec.commandLine().usage(spec.commandLine().getOut());
    }
}
