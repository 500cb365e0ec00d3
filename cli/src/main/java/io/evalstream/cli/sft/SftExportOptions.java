package io.evalstream.cli.sft;

import io.evalstream.generator.prompt.SpiderPrompt;
import java.nio.file.Path;
import java.util.List;

/**
 * What {@link SftExport} writes.
 *
 * @param dataDir           the data folder (spider/ with train_spider.reduced.json, dev.json, tables.json)
 * @param modelDir          the base model's Hugging Face folder; only its tokenizer files are read
 * @param style             the Spider prompt the adapter is trained (and then evaluated) with
 * @param limit             export the first {@code limit} examples of the shuffled order; 0 for all
 * @param seed              seeds the shuffle
 * @param fewShotTrainIds   few-shot style: the train indices of the shots (as the experiment's few_shot_train_ids)
 * @param outDir            gets train.jsonl and manifest.json
 * @param allowDevDatabases export even when a dev database appears among the training examples
 */
public record SftExportOptions(Path dataDir, Path modelDir, SpiderPrompt.Style style, int limit, long seed,
                               List<Integer> fewShotTrainIds, Path outDir, boolean allowDevDatabases) {

    public static final List<Integer> DEFAULT_FEW_SHOT_TRAIN_IDS = List.of(0, 1, 2);

    public SftExportOptions {
        fewShotTrainIds = style == SpiderPrompt.Style.FEW_SHOT ? List.copyOf(fewShotTrainIds) : List.of();
        if (style == SpiderPrompt.Style.FEW_SHOT && fewShotTrainIds.size() != DEFAULT_FEW_SHOT_TRAIN_IDS.size()) {
            throw new IllegalArgumentException("--few-shot-train-ids names " + fewShotTrainIds.size() + " examples; "
                    + SpiderPrompt.FEW_SHOT + " has " + DEFAULT_FEW_SHOT_TRAIN_IDS.size() + " shots (e.g. 0,1,2, as the experiment's few_shot_train_ids)");
        }
        if (limit < 0) {
            throw new IllegalArgumentException("--limit is " + limit + "; use 0 for every example or a positive count");
        }
    }
}
