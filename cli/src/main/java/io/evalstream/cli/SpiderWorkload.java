package io.evalstream.cli;

import io.evalstream.generator.bench.BenchPrompts;
import io.evalstream.generator.engine.tokenizer.TextTokenizer;
import io.evalstream.generator.llm.LlmOptions;
import io.evalstream.generator.llm.PromptEncoder;
import io.evalstream.producers.SpiderDataset;
import io.evalstream.producers.SpiderOptions;
import io.evalstream.schemas.EvalItem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The Spider 3-shot workload as token ids, for generation benchmarks on machines without the data:
 * dev items rendered exactly as the llm model kind renders them (the 3-shot template in the
 * tokenizer's chat template), with the shared-prefix length the prefix cache uses, answered in turn
 * by the base model and two adapters.
 */
final class SpiderWorkload {

    private static final String[] ANSWERED_BY = {null, "lora-a", "lora-b"};

    static int write(Path dataDir, Path tokenizerDir, int count, Path out) throws IOException {
        List<EvalItem> items = SpiderDataset.read(dataDir, "bench", new SpiderOptions(SpiderOptions.DEV, 0, List.of(0, 1, 2)));
        List<BenchPrompts.Prompt> prompts = new ArrayList<>();
        try (TextTokenizer tokenizer = TextTokenizer.load(tokenizerDir, List.of())) {
            PromptEncoder encoder = new PromptEncoder(tokenizer, LlmOptions.defaults(), true);
            for (EvalItem item : items) {
                if (prompts.size() == count) {
                    break;
                }
                String adapter = ANSWERED_BY[prompts.size() % ANSWERED_BY.length];
                PromptEncoder.Encoded e = encoder.encode(item, adapter == null ? "base" : adapter);
                prompts.add(new BenchPrompts.Prompt(e.ids(), e.prefixTokens(), adapter));
            }
        }
        new BenchPrompts("spider 3-shot (" + tokenizerDir.getFileName() + " tokenizer)", prompts).write(out);
        return prompts.size();
    }

    private SpiderWorkload() {
    }
}
