package io.evalstream.cli;

import io.evalstream.generator.bench.BenchMain;
import io.evalstream.generator.bench.GenerateBenchmark;
import io.evalstream.generator.engine.device.DeviceChoice;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code evalstream bench generate}: the engine's tokens/s on its users' workloads, with its own
 * accounting of native ops, copies to the host and memory, on the CPU or a GPU.
 */
@Command(name = "generate", mixinStandardHelpOptions = true,
        description = "Measure generation throughput (random prompts at several batch sizes, a mixed base + adapters batch, an optional "
                + "prompt file with and without the prefix cache), native ops and host copies per decode step, and memory.")
public final class BenchGenerateCommand implements Callable<Integer> {

    @Option(names = "--device", defaultValue = "auto", description = "auto, cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "auto", description = "auto (float16 on a GPU, float32 on a CPU), float32 or float16.")
    String dtype;

    @Option(names = "--shape", defaultValue = "llama-100m", description = "Random weights of this shape: llama-3-8b, llama-3.2-1b, llama-100m (default ${DEFAULT-VALUE}).")
    String shape;

    @Option(names = "--model", paramLabel = "DIR", description = "A Hugging Face model folder instead of random weights.")
    Path model;

    @Option(names = "--adapters", defaultValue = "2", description = "Random LoRA adapters (r from --rank, every linear module) for the mixed batch (default ${DEFAULT-VALUE}).")
    int adapters;

    @Option(names = "--rank", defaultValue = "16")
    int rank;

    @Option(names = "--prompt-tokens", description = "Tokens per random prompt (default 512 on a GPU, 128 on a CPU).")
    Integer promptTokens;

    @Option(names = "--new-tokens", description = "Tokens generated per prompt (default 64 on a GPU, 16 on a CPU).")
    Integer newTokens;

    @Option(names = "--batches", split = ",", description = "Batch sizes (default 1,8,32 on a GPU, 1,8 on a CPU).")
    int[] batches;

    @Option(names = "--prompts", paramLabel = "FILE", description = "A prompt file (token ids; see BenchPrompts) to run with and without the prefix cache.")
    Path prompts;

    @Option(names = "--write-spider-prompts", paramLabel = "FILE",
            description = "Instead of benchmarking, write the Spider 3-shot workload as a prompt file (token ids, shared prefix lengths, "
                    + "round-robin base / lora-a / lora-b) for this benchmark and scripts/bench_transformers.py; needs --tokenizer and the data.")
    Path writeSpiderPrompts;

    @Option(names = "--tokenizer", paramLabel = "DIR", description = "A folder with tokenizer.json and tokenizer_config.json (its chat template renders the prompts).")
    Path tokenizer;

    @Option(names = "--count", defaultValue = "96", description = "Spider dev items in the written workload (default ${DEFAULT-VALUE}).")
    int count;

    @picocli.CommandLine.Mixin
    CommonOptions common;

    @Override
    public Integer call() throws Exception {
        if (writeSpiderPrompts != null) {
            if (tokenizer == null) {
                System.err.println("--write-spider-prompts needs --tokenizer DIR");
                return 2;
            }
            int n = SpiderWorkload.write(common.dataDir(null), tokenizer, count, writeSpiderPrompts);
            System.err.printf("wrote %d Spider 3-shot prompts to %s%n", n, writeSpiderPrompts);
            return 0;
        }
        boolean gpu = DeviceChoice.parse(device).kind() == DeviceChoice.Kind.GPU;
        BenchMain.Settings s = BenchMain.parse(new String[] {"--device", device});
        GenerateBenchmark.Workload w = new GenerateBenchmark.Workload(promptTokens != null ? promptTokens : gpu ? 512 : 128,
                newTokens != null ? newTokens : gpu ? 64 : 16, batches != null ? batches : gpu ? new int[] {1, 8, 32} : new int[] {1, 8}, 4);
        BenchMain.run(System.out, new BenchMain.Settings(s.device(), dtype, shape, model, adapters, rank, w, prompts, 64, 32, 1234));
        return 0;
    }
}
