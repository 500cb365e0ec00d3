package io.evalstream.cli.pipeline;

import io.evalstream.generator.engine.EngineOptions;
import io.evalstream.cli.config.ConfigException;
import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.Model;
import io.evalstream.generator.engine.LlmEngine;
import io.evalstream.generator.engine.device.DeviceChoice;
import io.evalstream.generator.llm.LlmOptions;
import io.evalstream.generator.llm.LlmModel;
import java.io.IOException;
import io.evalstream.generator.prompt.SpiderPrompt;
import java.nio.file.Files;
import java.util.HashMap;
import java.util.Map;

/**
 * Loads the {@code llm} kind: a Hugging Face base folder and its LoRA adapters on the DJL engine,
 * one engine serving the base id and every adapter id, so one batch may mix them.
 */
final class LlmModels {

    static Model load(ExperimentConfig.ModelConfig m) {
        if (!Files.isDirectory(m.path())) {
            throw new ConfigException("model " + m.id() + ": " + m.path() + " is not a folder (a Hugging Face model folder with config.json)");
        }
        m.adapters().forEach((id, dir) -> {
            if (!Files.isDirectory(dir)) {
                throw new ConfigException("adapter " + id + ": " + dir + " is not a folder (a PEFT folder with adapter_config.json)");
            }
        });
        Map<String, SpiderPrompt.Style> styles = new HashMap<>();
        m.spiderPrompts().forEach((id, style) -> styles.put(id, style.equals("zero_shot") ? SpiderPrompt.Style.ZERO_SHOT : SpiderPrompt.Style.FEW_SHOT));
        LlmOptions options = LlmOptions.defaults()
                .withMaxNewTokens(m.maxNewTokens())
                .withBatchSize(m.batchSize())
                .withSpiderStyles(styles);
        options = options.withEngine(new EngineOptions(DeviceChoice.parse(m.device()), m.dtype(), options.prefixCacheEntries(), 0));
        try {
            return LlmModel.load(m.path(), m.id(), m.adapters(), options);
        } catch (IOException e) {
            throw new ConfigException("model " + m.id() + ": cannot load " + m.path() + ": " + e.getMessage(), e);
        }
    }

    private LlmModels() {
    }
}
