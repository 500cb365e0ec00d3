package io.evalstream.cli;

import io.evalstream.generator.engine.GenerateBenchmark;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evalstream bench generate}: engine throughput beside the machine's measured limits (f32
 * matmul GFLOP/s, memory read bandwidth), for a fixture model and a random ~100M Llama made at run time.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Measure prefill and decode throughput (batch 1, 8, 32), the prefix cache's speed-up and multi-LoRA cost, beside the machine's limits.")
public final class BenchGenerateCommand implements Callable<Integer> {

    @Option(names = "--fixture", paramLabel = "DIR", description = "A small model folder (default: the generator's test fixture llama3/base when run from the checkout).")
    Path fixture;

    @Option(names = "--decode-steps", defaultValue = "24", description = "Timed decode steps per figure (default ${DEFAULT-VALUE}).")
    int decodeSteps;

    @Option(names = "--skip-large", description = "Skip the random ~100M-parameter Llama.")
    boolean skipLarge;

    @Override
    public Integer call() throws Exception {
        Path dir = fixture;
        if (dir == null) {
            Path guess = Path.of("generator/src/test/resources/fixtures/llama3/base");
            dir = Files.isDirectory(guess) ? guess : null;
        }
        if (dir == null) {
            System.err.println("no fixture model found (run from the checkout or give --fixture DIR); benchmarking the random model only");
        }
        GenerateBenchmark.runAll(System.out, dir, decodeSteps, skipLarge);
        return 0;
    }
}
