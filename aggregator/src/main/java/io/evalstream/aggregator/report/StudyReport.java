package io.evalstream.aggregator.report;

import io.evalstream.aggregator.stats.ClusteredEstimate;
import io.evalstream.aggregator.stats.DetectableEffect;
import io.evalstream.schemas.AccuracyStats;
import io.evalstream.schemas.Regression;
import java.util.List;
import java.util.Map;

/**
 * The content of a run's study report, independent of how it is rendered (HTML, Markdown): what
 * each fine-tuned model gained on Spider and lost on MMLU, the accuracy and regression tables with
 * honest uncertainty, what went wrong, how the adapters were trained, and what the run depends on.
 * Every number comes from the published results ({@code results --json}) or from the per-item
 * verdicts they were counted from.
 *
 * @param warnings things a reader must know about the data (e.g. the per-item verdicts and the
 *                 published counts disagree); empty when all is well
 */
public record StudyReport(String runId, String baseModelId, List<Headline> headline, List<AccuracyRow> accuracy,
                          List<RegressionRow> regressions, int familySize, List<OutcomeCount> outcomes,
                          List<ErrorExample> examples, List<AdapterTraining> training, Reproducibility reproducibility,
                          List<String> warnings) {

    /** One fine-tuned model's change against the base: Spider and MMLU, either null when the run lacks it. */
    public record Headline(String modelId, Change spider, Change mmlu) {
    }

    /**
     * A change in one benchmark, over all its categories, as the regression record has it.
     *
     * @param regression    the published record (points, percent, bootstrap interval in points)
     * @param adjustedP     Holm-adjusted McNemar p over the run's family of comparisons
     * @param significant   whether it survives Holm at 0.05
     */
    public record Change(Regression regression, double adjustedP, boolean significant) {
    }

    /**
     * One model x benchmark x category accuracy: the published statistics and the standard errors
     * from the per-item verdicts, naive and clustered by database (Spider) or subject (MMLU).
     */
    public record AccuracyRow(AccuracyStats stats, ClusteredEstimate clustered) {
    }

    /**
     * One paired comparison with the base: the published record, Holm's adjustment, the clustered
     * SE of the paired difference, and the minimum detectable effect from the observed discordance.
     */
    public record RegressionRow(Regression regression, double adjustedP, boolean significant,
                                ClusteredEstimate pairedClustered, DetectableEffect detectable) {
    }

    /** How many of a model's verdicts on a benchmark ended in one outcome class. */
    public record OutcomeCount(String modelId, String benchmark, String metricKey, String outcome, long count) {
    }

    /** An item the base model got right and a fine-tuned model got wrong, with what it replied and why it failed. */
    public record ErrorExample(String modelId, String benchmark, String itemId, String group, String category,
                               String question, String gold, String baseReply, String rawReply, String executedSql,
                               String outcome, String reason) {
    }

    /**
     * An adapter's training configuration: its adapter_config.json essentials and, when the folder
     * had one, the fine-tuning summary's figures (null when absent).
     */
    public record AdapterTraining(String modelId, int r, double loraAlpha, double loraDropout, boolean useRslora,
                                  List<String> targetModules, String peftVersion, String adapterConfigSha256,
                                  TrainingSummary summary) {
    }

    /** What a run's numbers depend on: identity, seeds, hashes and versions. */
    public record Reproducibility(String runId, long seed, String configSha256, String itemsSha256, long startedAt,
                                  long bootstrapSeed, List<ModelProvenance> models, Map<String, String> versions) {
    }

    /**
     * One model of the run: what the manifest says and what its predictions recorded.
     *
     * @param promptTemplates prompt template versions its predictions used
     * @param runtimes        where its predictions were computed (device, dtype, libtorch); empty for oracle/replay
     * @param promptHashes    distinct prompt SHA-256s among its predictions
     */
    public record ModelProvenance(String modelId, String kind, boolean base, String source, String sha256,
                                  List<String> modelSha256, List<String> adapterSha256, List<String> promptTemplates,
                                  List<String> runtimes, long promptHashes) {
    }
}
