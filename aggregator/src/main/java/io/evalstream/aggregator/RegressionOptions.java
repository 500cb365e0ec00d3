package io.evalstream.aggregator;

import io.evalstream.aggregator.stats.PairedBootstrap;

/**
 * How fine-tuned models are compared: against which model id, and with how many bootstrap
 * resamples from which seed. The seed is published with every regression record.
 */
public record RegressionOptions(String baseModelId, int bootstrapResamples, long bootstrapSeed) {
    public static final String DEFAULT_BASE_MODEL = "base";

    public RegressionOptions {
        if (baseModelId == null || baseModelId.isBlank()) {
            throw new IllegalArgumentException("the base model id must not be blank");
        }
        if (bootstrapResamples < 1) {
            throw new IllegalArgumentException("bootstrap resamples must be >= 1, got " + bootstrapResamples);
        }
    }

    public static RegressionOptions defaults() {
        return new RegressionOptions(DEFAULT_BASE_MODEL, PairedBootstrap.DEFAULT_RESAMPLES, PairedBootstrap.DEFAULT_SEED);
    }

    public RegressionOptions withBaseModel(String modelId) {
        return new RegressionOptions(modelId, bootstrapResamples, bootstrapSeed);
    }
}
