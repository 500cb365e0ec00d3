package io.evalstream.cli.pipeline;

import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.prompt.MmluPrompt;
import io.evalstream.generator.prompt.SpiderPrompt;
import io.evalstream.scorer.ScoringMetrics;
import java.nio.file.Path;
import java.util.Map;
import java.util.TreeMap;

/**
 * Everything a run's numbers depend on besides the config and the data: library versions, the
 * metric versions its scores will carry, and the prompt template versions. Recorded in the run
 * manifest so a run can be reproduced, or a difference between two runs explained.
 */
public final class RunVersions {

    public static Map<String, String> of(ExperimentConfig config, Path dataDir) {
        Map<String, String> versions = new TreeMap<>(Versions.all());
        try (ScoringMetrics metrics = Stages.scoringMetrics(config, dataDir)) {
            metrics.versions().forEach((name, version) -> versions.put("metric." + name, version));
        }
        versions.put("prompt.spider", SpiderPrompt.FEW_SHOT + " (fine-tuned models may use " + SpiderPrompt.ZERO_SHOT + ")");
        versions.put("prompt.mmlu", MmluPrompt.TEMPLATE);
        for (ExperimentConfig.ModelConfig m : config.models()) {
            if (m.kind().equals("llm")) {
                // what the config asks for; each prediction records where it was actually computed (device, dtype, libtorch)
                versions.put("llm." + m.id() + ".device", m.device());
                versions.put("llm." + m.id() + ".dtype", m.dtype());
            }
        }
        return versions;
    }

    private RunVersions() {
    }
}
