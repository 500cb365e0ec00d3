package io.evalstream.aggregator;

import io.evalstream.schemas.Regression;

/**
 * Everything one regression record is computed from: the base's and the model's counts in one
 * category, and when they last changed. Kept in a cached table so that a burst of updates to
 * one model costs one bootstrap per commit interval, not one per score.
 */
public record RegressionInputs(RegressionCounts base, RegressionCounts model, long updatedAt) {

    public Regression toRegression(RegressionOptions options) {
        return RegressionCalculator.regression(base, model, options, updatedAt);
    }
}
