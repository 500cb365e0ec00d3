package io.evalstream.cli;

import io.evalstream.cli.sft.SftExport;
import io.evalstream.cli.sft.SftExportOptions;
import io.evalstream.generator.prompt.SpiderPrompt;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Writes the supervised fine-tuning set that scripts/finetune.py trains on. */
@Command(name = "export-sft", mixinStandardHelpOptions = true,
        description = {"Export Spider's train split as a supervised fine-tuning set (train.jsonl and manifest.json in --out): "
                + "each prompt rendered by the generator's own prompt code with the base model's chat template, byte for byte "
                + "the prompt the adapter is evaluated with, and the gold SQL with the template's end-of-turn token as the completion.",
                "Refuses a training set that holds a dev database (unless --allow-dev-databases) and lists the questions it shares with dev."})
public final class ExportSftCommand implements Callable<Integer> {

    @Mixin
    DataFolder data;

    @Option(names = "--model", required = true, paramLabel = "DIR",
            description = "The base model's Hugging Face folder; only tokenizer.json, tokenizer_config.json (chat template) and "
                    + "generation_config.json are read. Export and fine-tune with the same folder.")
    Path model;

    @Option(names = "--style", required = true, paramLabel = "zero_shot|few_shot",
            description = "The Spider prompt to train with: zero_shot (" + SpiderPrompt.ZERO_SHOT + ", what adapters are evaluated with: "
                    + "spider_prompts: {ID: zero_shot}) or few_shot (" + SpiderPrompt.FEW_SHOT + ").")
    String style;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N", description = "Export the first N of the shuffled examples (default: all).")
    int limit;

    @Option(names = "--seed", defaultValue = "1234", paramLabel = "S", description = "Seeds the shuffle (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--few-shot-train-ids", split = ",", paramLabel = "I,J,K",
            description = "few_shot: train indices of the three shots, as the experiment's few_shot_train_ids (default 0,1,2). "
                    + "An example that is one of them gets the next index instead.")
    List<Integer> fewShotTrainIds;

    @Option(names = "--out", defaultValue = "out/sft", paramLabel = "DIR", description = "Output folder (default ${DEFAULT-VALUE}).")
    Path out;

    @Option(names = SftExport.ALLOW_FLAG, description = "Export even when a dev database appears among the training examples (recorded in the manifest).")
    boolean allowDevDatabases;

    @Override
    public Integer call() throws Exception {
        SpiderPrompt.Style chosen = switch (style) {
            case "zero_shot" -> SpiderPrompt.Style.ZERO_SHOT;
            case "few_shot" -> SpiderPrompt.Style.FEW_SHOT;
            default -> throw new IllegalArgumentException("--style is '" + style + "'; allowed: zero_shot, few_shot");
        };
        if (chosen == SpiderPrompt.Style.ZERO_SHOT && fewShotTrainIds != null) {
            throw new IllegalArgumentException("--few-shot-train-ids applies to --style few_shot only");
        }
        SftExportOptions options = new SftExportOptions(data.resolve(), model, chosen, limit, seed,
                fewShotTrainIds != null ? fewShotTrainIds : SftExportOptions.DEFAULT_FEW_SHOT_TRAIN_IDS, out, allowDevDatabases);
        SftExport.run(options, System.err);
        return 0;
    }

}
