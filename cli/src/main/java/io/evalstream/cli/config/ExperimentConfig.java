package io.evalstream.cli.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One experiment: which data, which models and adapters, which options and seed. Read from YAML
 * by {@link ExperimentConfigReader}; see experiments/*.yaml and the README for the keys.
 *
 * @param file          where it was read from
 * @param sha256        hash of its canonical form (sorted keys), recorded with the run
 * @param dataDir       data folder from the config, or null to take --data / EVALSTREAM_DATA
 * @param partitions    partitions of the items, predictions and scores topics
 * @param spider        null when the run has no Spider part
 * @param mmlu          null when the run has no MMLU part
 * @param baseModel     model id the regression compares the others against
 */
public record ExperimentConfig(Path file, String sha256, String runId, long seed, Path dataDir, int partitions,
                               SpiderConfig spider, MmluConfig mmlu, List<ModelConfig> models,
                               ScoringConfig scoring, String baseModel) {

    /** Spider dev items; few-shot examples are indices into train_spider.reduced.json. */
    public record SpiderConfig(String split, int limit, List<Integer> fewShotTrainIds) {
    }

    /** The MMLU suite: subjects per category label (STEM, humanities, social_sciences, other). */
    public record MmluConfig(int perCategory, int kShot, Map<String, List<String>> subjects) {
    }

    /**
     * A model entry. {@code oracle}: gold answers. {@code replay}: predictions files.
     * {@code llm}: a Hugging Face folder ({@code path}) and its LoRA adapters (id to folder); the
     * entry's id names the base model. {@code spiderPrompts} maps a model id of the entry to
     * {@code few_shot} (the default 3-shot template) or {@code zero_shot} (the template fine-tuned
     * adapters were trained with).
     */
    public record ModelConfig(String id, String kind, Path path, Path spiderPredictions, Path mmluPredictions,
                              Map<String, Path> adapters, int maxNewTokens, int batchSize, Map<String, String> spiderPrompts,
                              String device, String dtype) {
    }

    /** Scoring options: Spider comparison mode, per-query time limit, scorer worker threads. */
    public record ScoringConfig(String spiderMode, long timeoutMs, int workers, Double floatTolerance) {
    }

    /** Every model id the run produces predictions for (an llm entry contributes its adapters). */
    public List<String> modelIds() {
        return models.stream()
                .flatMap(m -> Stream.concat(Stream.of(m.id()), m.adapters().keySet().stream()))
                .toList();
    }
}
