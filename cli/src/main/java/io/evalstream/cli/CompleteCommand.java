package io.evalstream.cli;

import io.evalstream.generator.engine.EngineOptions;
import io.evalstream.generator.engine.Generation;
import io.evalstream.generator.engine.GenerationRequest;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.Sampling;
import io.evalstream.generator.engine.device.DeviceChoice;
import io.evalstream.generator.engine.tokenizer.ChatTemplate;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** Try a model directly: prints only the continuation on standard output, timing on standard error. */
@Command(name = "complete", mixinStandardHelpOptions = true,
        description = "Continue a text with a Hugging Face model folder (and optionally a PEFT LoRA adapter). Greedy unless --temperature is given.")
public final class CompleteCommand implements Callable<Integer> {

    @Option(names = "--model", required = true, paramLabel = "DIR", description = "Hugging Face model folder (config.json, safetensors, tokenizer.json).")
    Path model;

    @Option(names = "--adapter", paramLabel = "NAME=DIR", description = "PEFT LoRA adapter folder; repeat for several. The continuation uses --use, or the only adapter given.")
    Map<String, Path> adapters = new LinkedHashMap<>();

    @Option(names = "--use", paramLabel = "NAME", description = "Which adapter continues the text (default: the only --adapter, else the base model).")
    String use;

    @Option(names = "--max-new-tokens", defaultValue = "64", description = "At most this many new tokens (default ${DEFAULT-VALUE}).")
    int maxNewTokens;

    @Option(names = "--chat", description = "Wrap the text as a user message in the model's chat template.")
    boolean chat;

    @Option(names = "--stop", paramLabel = "TEXT", description = "Stop when the continuation contains TEXT; repeatable.")
    List<String> stop = List.of();

    @Option(names = "--temperature", defaultValue = "0", description = "0 is greedy (default); above 0 samples with --seed.")
    double temperature;

    @Option(names = "--seed", defaultValue = "0")
    long seed;

    @Option(names = "--device", defaultValue = "auto", description = "auto (a GPU when a usable CUDA libtorch is found), cpu, gpu or gpu:N (default ${DEFAULT-VALUE}).")
    String device;

    @Option(names = "--dtype", defaultValue = "auto", description = "auto (float16 on a GPU, float32 on a CPU), float32 or float16.")
    String dtype;

    @Parameters(index = "0", paramLabel = "TEXT")
    String text;

    @Override
    public Integer call() throws Exception {
        long t0 = System.nanoTime();
        try (LlmEngine engine = LlmEngine.load(model, adapters, new EngineOptions(DeviceChoice.parse(device), dtype, 0, 0))) {
            long loaded = System.nanoTime();
            String adapter = use != null ? use : adapters.size() == 1 ? adapters.keySet().iterator().next() : null;
            TextTokenizer tok = engine.tokenizer();
            String prompt = text;
            if (chat) {
                ChatTemplate template = tok.chatTemplate();
                if (template == null) {
                    System.err.println(model + ": tokenizer_config.json has no chat_template; --chat needs one");
                    return 2;
                }
                prompt = template.render(List.of(new ChatTemplate.Message("user", text)), true);
            }
            int[] ids = tok.encodePrompt(prompt, chat);
            Sampling sampling = temperature > 0 ? new Sampling(temperature, seed) : Sampling.GREEDY;
            Generation g = engine.generate(List.of(new GenerationRequest(adapter, ids, 0, maxNewTokens, stop, sampling)), 1).get(0);
            long done = System.nanoTime();
            System.out.println(g.text());
            System.err.printf("load %.2f s; %d prompt tokens, %d new tokens in %.2f s (%.1f tokens/s); finished by %s; %s%n",
                    (loaded - t0) / 1e9, ids.length, g.tokens().length, (done - loaded) / 1e9,
                    g.tokens().length / ((done - loaded) / 1e9), g.finishReason(), adapter == null ? "base model" : "adapter " + adapter);
            System.err.printf("on %s, %s%n", engine.runtime().describe(), engine.precision().configName());
            return 0;
        }
    }
}
