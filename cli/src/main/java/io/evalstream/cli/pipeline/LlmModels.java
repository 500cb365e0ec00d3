package io.evalstream.cli.pipeline;

import io.evalstream.cli.config.ExperimentConfig;
import io.evalstream.generator.Model;

/** Loads the {@code llm} kind: a Hugging Face base folder and its LoRA adapters on the DJL engine. */
final class LlmModels {

    static Model load(ExperimentConfig.ModelConfig m) {
        throw new UnsupportedOperationException("model " + m.id() + ": kind llm is not wired yet");
    }

    private LlmModels() {
    }
}
